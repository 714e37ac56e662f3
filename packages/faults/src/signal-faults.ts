import type Dockerode from 'dockerode';
import type { ArmedResult } from './signal-scheduler.ts';
import { confirmNotRunning } from './confirm-effect.ts';

/** What a kill or stop did: a line about it, and when its effect was measured (run clock), if it was. */
export interface SignalOutcome {
  detail: string;
  effectAt?: number;
}

/** The engine answers 409 "is not running" when it already saw the process die: nothing left to do. */
function notRunning(error: unknown): boolean {
  const e = error as { statusCode?: number; message?: string };
  return e.statusCode === 409 || /is not running/.test(String(e.message ?? ''));
}

/**
 * The direct signal of a fault: sent now (`ContainerProcesses.signal`), or armed ahead on the signal
 * thread, whose result says when it landed or why it was not sent.
 */
export type DirectSignal = () => ArmedResult | Promise<ArmedResult>;

/**
 * SIGKILL straight to the container's process at once, then the engine told (its kill returns when
 * it has seen the container stop), so its state, and the heal's `start`, stay right. Falls back to
 * the engine's kill when the process cannot be reached here, saying why. Confirmed after: the
 * engine says the container no longer runs (confirm-effect.ts), else the fault failed.
 */
export async function killContainer(
  container: Dockerode.Container,
  name: string,
  signal: DirectSignal,
): Promise<SignalOutcome> {
  const direct = await signal();
  if (!direct.sent) {
    await container.kill({ signal: 'SIGKILL' });
    await confirmNotRunning(container, name);
    return { detail: `${name} killed (SIGKILL through the engine: ${direct.reason})` };
  }
  const { effectAt } = direct;
  await container.kill({ signal: 'SIGKILL' }).catch((error: unknown) => {
    if (!notRunning(error)) throw error;
  });
  // Looked at after the signal landed (effectAt is its instant): confirming never delays it.
  await confirmNotRunning(container, name);
  const how = direct.ahead ? ' armed ahead' : '';
  return { detail: `${name} killed (SIGKILL to pid ${direct.pid}${how}, then the engine told)`, effectAt };
}

/**
 * The container's stop signal (SIGTERM unless its image says otherwise) straight to its process,
 * then the engine waits up to `graceSeconds` for it to exit and kills it if it did not: the engine's
 * own stop would send the stop signal a second time, which some servers take as "exit now".
 * Confirmed after, like a kill.
 */
export async function stopContainer(
  container: Dockerode.Container,
  name: string,
  graceSeconds: number,
  signal: DirectSignal,
): Promise<SignalOutcome> {
  const direct = await signal();
  if (!direct.sent) {
    await container.stop({ t: graceSeconds });
    await confirmNotRunning(container, name);
    return {
      detail: `${name} stopped through the engine (stop signal, SIGKILL after ${graceSeconds}s: ${direct.reason})`,
    };
  }
  const { effectAt } = direct;
  // Polled, not the engine's wait endpoint: it answered at once for a running container here.
  const deadline = performance.now() + graceSeconds * 1000;
  let exited = false;
  while (!exited && performance.now() < deadline) {
    exited = !(await container.inspect()).State.Running;
    if (!exited) await new Promise((r) => setTimeout(r, 50));
  }
  if (!exited)
    await container.kill({ signal: 'SIGKILL' }).catch((error: unknown) => {
      if (!notRunning(error)) throw error;
    });
  await confirmNotRunning(container, name);
  const how = exited ? 'it exited' : `SIGKILL after ${graceSeconds}s`;
  const ahead = direct.ahead ? ' armed ahead' : '';
  return { detail: `${name} stopped (stop signal to pid ${direct.pid}${ahead}, ${how})`, effectAt };
}
