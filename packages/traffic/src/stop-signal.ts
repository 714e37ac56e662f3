import { setLongTimeout } from './long-timer.ts';

/**
 * A run's stop state: `stopping` is read between steps, `sleep` wakes early on stop, and
 * `signal` aborts requests still in flight once the grace period is over.
 */
export class StopSignal {
  stopping = false;
  /**
   * Why the requests still in flight were cut, once they were (the `error` of their ops): a request
   * the tool cut is indeterminate, neither the target's answer nor its failure.
   */
  cut: string | undefined = undefined;
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

  /**
   * Stops starting new steps now; aborts what is still in flight after `graceMs`. `why` says what
   * ended the run, for the cut requests' error (`the load's duration ended`, `the run was stopped`).
   */
  stop(graceMs: number, why = 'the run was stopped'): void {
    if (!this.stopping) {
      this.stopping = true;
      for (const wake of [...this.#sleepers]) wake();
      const cut = (): void => {
        this.cut = `cut by sessionchaos: no answer ${seconds(graceMs)} after ${why} (load.grace)`;
        this.#abort.abort(new Error(this.cut));
      };
      if (graceMs <= 0) cut();
      else setTimeout(cut, graceMs).unref();
    }
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
