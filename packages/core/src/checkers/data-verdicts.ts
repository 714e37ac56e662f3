// What a session's data tracker (counter or list) concludes, once each read behind is settled.

/** Receives the settled verdicts of one session's reads behind. */
export interface DataVerdicts {
  /**
   * `n` reads at `at` were behind, and a later read of the session caught up at `caughtUpAt`;
   * `null`: the session ended behind, too soon after to tell a lag from a loss.
   */
  stale(at: number, n: number, caughtUpAt: number | null): void;
  /** `n` acknowledged writes, first missed at `at`, were never seen again in their session. */
  lost(at: number, n: number): void;
}

/** The reads of one session found behind and not yet settled, bounded in memory. */
export class BehindReads {
  /** Runs of reads behind: when each was completed, how many, and what a catch-up must reach. */
  readonly runs: { at: number; n: number; open: number }[] = [];
  /** Runs not yet settled: when it falls to 0, the array is emptied. */
  unsettled = 0;
  readonly #cap: number;

  constructor(cap = 64) {
    this.#cap = cap;
  }

  /**
   * One read behind at `at`, with `open` things still to be seen; returns its run index, or -1
   * when the cap is reached and the read was folded into the last run (settled with it).
   */
  add(at: number, open: number): number {
    if (this.runs.length >= this.#cap) {
      this.runs[this.runs.length - 1]!.n++;
      return -1;
    }
    this.runs.push({ at, n: 1, open });
    this.unsettled++;
    return this.runs.length - 1;
  }

  /**
   * Run `i` saw one of the things it waited for at `at` (`null`: gave up on it, not lost);
   * with none left it was stale.
   */
  release(i: number, at: number | null, verdicts: DataVerdicts): void {
    const run = this.runs[i];
    if (run === undefined || run.open === 0 || --run.open > 0) return;
    verdicts.stale(run.at, run.n, at);
    if (--this.unsettled === 0) this.runs.length = 0;
  }
}
