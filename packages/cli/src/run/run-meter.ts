import type { StartedLabCluster } from '@sessionchaos/lab';

/** Measures a lab around the steady state of a run (`sessionchaos compare` reads memory and traffic with it). */
export interface RunMeter {
  /** After the journey check, before any load. */
  start(lab: StartedLabCluster): Promise<void>;
  /** Before the first fault, or near the end of the load without one; `atMs` is the run clock's reading. */
  stop(lab: StartedLabCluster, atMs: number): Promise<void>;
}

/** How long before the first fault the end sample starts: it must be read before the fault lands. */
export const METER_LEAD_MS = 1500;

/**
 * Calls `meter.stop` once, `METER_LEAD_MS` before `endMs` on the run clock, or at `finish()` when the run ends
 * sooner; `finish()` waits for it either way.
 */
export function scheduleMeterStop(
  meter: RunMeter,
  lab: StartedLabCluster,
  endMs: number,
  now: () => number,
): { finish(): Promise<void> } {
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= meter.stop(lab, now()));
  const timer = setTimeout(() => void stop(), Math.max(0, endMs - METER_LEAD_MS - now()));
  timer.unref();
  return {
    finish() {
      clearTimeout(timer);
      return stop();
    },
  };
}
