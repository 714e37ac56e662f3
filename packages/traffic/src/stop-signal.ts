import { setLongTimeout } from './long-timer.ts';

/**
 * A run's stop state: `stopping` is read between steps, `sleep` wakes early on stop, and
 * `signal` aborts requests still in flight once the grace period is over.
 */
export class StopSignal {
  stopping = false;
  readonly #abort = new AbortController();
  readonly #sleepers = new Set<() => void>();

  /** Aborts in-flight requests (they are recorded as `info`). */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Waits `ms`, or less if the run stops meanwhile. */
  sleep(ms: number): Promise<void> {
    if (this.stopping || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        timer.clear();
        this.#sleepers.delete(wake);
        resolve();
      };
      const timer = setLongTimeout(wake, ms);
      this.#sleepers.add(wake);
    });
  }

  /** Stops starting new steps now; aborts what is still in flight after `graceMs`. */
  stop(graceMs: number): void {
    if (!this.stopping) {
      this.stopping = true;
      for (const wake of [...this.#sleepers]) wake();
      setTimeout(() => this.#abort.abort(new Error('run stopped')), graceMs).unref();
    }
  }
}
