import { readFileSync } from 'node:fs';
import type { ContainerInspectInfo } from 'dockerode';
import { mainPidOf } from './cgroup-pid.ts';

/** A container's main process as seen from here, checked to be that container's before it is known. */
interface Known {
  pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot): a pid reused by another process differs. */
  startTicks: string;
  /** The signal the engine's stop sends (the image's STOPSIGNAL), as process.kill takes it. */
  stopSignal: NodeJS.Signals | number;
}

/** Docker's StopSignal ('SIGQUIT', 'QUIT', '3', or none) as process.kill takes it. */
function stopSignalOf(value: string | undefined): NodeJS.Signals | number {
  if (!value) return 'SIGTERM';
  if (/^\d+$/.test(value)) return Number(value);
  return (value.startsWith('SIG') ? value : `SIG${value}`) as NodeJS.Signals;
}

/** How a signal reached a container: straight to its process, or not (and why: the engine does it). */
export type SignalResult = { sent: true; pid: number } | { sent: false; reason: string };

/**
 * Start time of `pid` in clock ticks after boot, or `undefined` when no such live process is visible
 * here: a dead one not reaped yet (a zombie) keeps its start time, but a signal to it does nothing.
 */
export function startTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' || fields[0] === 'X' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

/**
 * Host pids of containers' main processes, learned from the engine BEFORE a fault, so that a kill is
 * one `process.kill` at the planned instant instead of an engine call that takes 260 ms (p99 2.5 s)
 * on a busy machine. A pid is only used when it is provably the container's, here and now: its
 * cgroup names the container, and its start time is the one seen when it was learned (no pid reuse).
 * Otherwise the caller falls back to the engine, with the reason.
 */
export class ContainerProcesses {
  readonly #known = new Map<string, Known>();
  /** Why a container's process cannot be signalled directly (learned along with the pid). */
  readonly #unreachable = new Map<string, string>();
  /** The stop signal of each container learned signallable once: what a restart does not change. */
  readonly #stopSignals = new Map<string, NodeJS.Signals | number>();

  /** Learns (or forgets) a container's process from a fresh `inspect` of it. */
  learn(info: ContainerInspectInfo): void {
    const id = info.Id;
    this.#known.delete(id);
    const reason = this.#why(info);
    if (reason) {
      this.#unreachable.set(id, reason);
      // A running container that cannot be signalled here (its policy, its engine) stays so when restarted.
      if (info.State.Running) this.#stopSignals.delete(id);
      return;
    }
    const pid = info.State.Pid;
    const ticks = startTicks(pid);
    if (ticks === undefined) {
      this.#unreachable.set(id, `its pid ${pid} is not visible here (another host or pid namespace)`);
      return;
    }
    this.#unreachable.delete(id);
    const stopSignal = stopSignalOf((info.Config as { StopSignal?: string }).StopSignal);
    this.#stopSignals.set(id, stopSignal);
    this.#known.set(id, { pid, startTicks: ticks, stopSignal });
  }

  /**
   * Learns the new process of a container the engine just said started, from its cgroup here, with
   * no `inspect` (which a busy engine answers in seconds, after the next kill's instant). Only for a
   * container learned signallable before by `learn`: its engine, restart policy and stop signal do
   * not change when it starts again. Returns whether it was learned (else: ask the engine).
   */
  learnStarted(containerId: string, cgroupRoot?: string): boolean {
    const stopSignal = this.#stopSignals.get(containerId);
    if (stopSignal === undefined) return false;
    const pid = mainPidOf(containerId, cgroupRoot);
    const ticks = pid === undefined ? undefined : startTicks(pid);
    if (pid === undefined || ticks === undefined) return false;
    this.#unreachable.delete(containerId);
    this.#known.set(containerId, { pid, startTicks: ticks, stopSignal });
    return true;
  }

  #why(info: ContainerInspectInfo): string | undefined {
    const host = process.env['DOCKER_HOST'];
    if (host && !host.startsWith('unix://')) return `the engine is not local (DOCKER_HOST=${host})`;
    if (!info.State.Running || info.State.Paused || !info.State.Pid) return 'it is not running';
    const policy = info.HostConfig.RestartPolicy?.Name ?? '';
    // The engine restarts a container whose process died by itself, but not one it killed on request.
    if (policy !== '' && policy !== 'no')
      return `its restart policy (${policy}) would bring it back at once after a direct kill`;
    try {
      const cgroup = readFileSync(`/proc/${info.State.Pid}/cgroup`, 'utf8');
      if (!cgroup.includes(info.Id))
        return `its pid ${info.State.Pid} is not in its cgroup as seen here (another pid or cgroup namespace)`;
    } catch {
      return `its pid ${info.State.Pid} is not visible here (another host or pid namespace)`;
    }
    return undefined;
  }

  /** The pid known for a container, if it can be signalled directly. */
  pid(containerId: string): number | undefined {
    return this.#known.get(containerId)?.pid;
  }

  /** Whether a container's learned process is still alive as learned (no new `inspect` needed). */
  fresh(containerId: string): boolean {
    const known = this.#known.get(containerId);
    return known !== undefined && startTicks(known.pid) === known.startTicks;
  }

  /**
   * Hands over what a signal to a container's process needs, to send it later from another thread
   * (which checks the start time again first), or why it cannot be sent directly. Like `signal`,
   * one per learned process.
   */
  claim(
    containerId: string,
    which: 'SIGKILL' | 'stop',
  ): { pid: number; startTicks: string; signal: NodeJS.Signals | number } | { reason: string } {
    const known = this.#known.get(containerId);
    if (!known) return { reason: this.#unreachable.get(containerId) ?? 'its pid was not learned before' };
    this.#known.delete(containerId);
    return {
      pid: known.pid,
      startTicks: known.startTicks,
      signal: which === 'stop' ? known.stopSignal : which,
    };
  }

  /**
   * Sends SIGKILL, or the container's stop signal, to its main process now, if its pid is known and
   * still that process. Synchronous on purpose: nothing may run between the check and the signal.
   */
  signal(containerId: string, which: 'SIGKILL' | 'stop'): SignalResult {
    const known = this.#known.get(containerId);
    if (!known)
      return { sent: false, reason: this.#unreachable.get(containerId) ?? 'its pid was not learned before' };
    const signal = which === 'stop' ? known.stopSignal : which;
    if (startTicks(known.pid) !== known.startTicks) {
      this.#known.delete(containerId);
      return { sent: false, reason: `its pid ${known.pid} is gone or reused (it exited or restarted)` };
    }
    try {
      process.kill(known.pid, signal);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      return { sent: false, reason: `process.kill(${known.pid}) failed: ${code}` };
    }
    // One signal per learned process: a second fault on it must learn it again (it is going away).
    this.#known.delete(containerId);
    return { sent: true, pid: known.pid };
  }
}
