import { existsSync } from 'node:fs';
import type Dockerode from 'dockerode';
import { FaultError } from './fault-driver.ts';
import { runCommand } from './run-command.ts';

const NSENTER_TIMEOUT_MS = 10_000;
/** FaultError output of an nsenter into a stopped container. */
export const NOT_RUNNING = 'not running';

/**
 * Runs `argv` (iptables, tc) in the container's network namespace with nsenter, so the victim's
 * image needs no tools of its own; returns its output. Needs root and a local engine.
 */
export async function nsenter(engine: Dockerode, containerId: string, argv: string[]): Promise<string> {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/nsenter')) {
    throw new FaultError(
      "loss, latency and a partition of ports run iptables/tc in the container's network namespace: they need root and nsenter (util-linux) on the engine's machine",
    );
  }
  if (process.env['DOCKER_HOST'] && !process.env['DOCKER_HOST'].startsWith('unix://')) {
    throw new FaultError(
      `loss and latency need a local engine; DOCKER_HOST is ${process.env['DOCKER_HOST']}`,
    );
  }
  const info = await engine.getContainer(containerId).inspect();
  if (!info.State.Pid) throw new FaultError(`container ${info.Name} is not running`, NOT_RUNNING);
  const result = await runCommand(
    ['nsenter', '-t', String(info.State.Pid), '-n', ...argv],
    NSENTER_TIMEOUT_MS,
  );
  if (result.code !== 0) {
    const hint = /qdisc kind is unknown/.test(result.output)
      ? ' (this kernel has no netem qdisc: load sch_netem, or use loss/pause instead)'
      : '';
    throw new FaultError(`${argv.join(' ')} failed in ${info.Name}${hint}`, result.output);
  }
  return result.output;
}
