import type { FaultTracker, FaultWindow } from './fault-windows.ts';
import type { Recovery } from './finding.ts';

interface Marks {
  bad: number;
  firstBad: number | null;
  lastBad: number | null;
  goodAfterLastBad: number | null;
}

/**
 * Per fault: the first and last bad op attributed to it (during the fault or within
 * `afterFaultMs` after its heal), and when good ops came back for good.
 */
export class RecoveryTracker {
  readonly #faults: FaultTracker;
  readonly #quietMs: number;
  readonly #marks = new Map<string, Marks>();
  /** Faults with a bad op and no good op since: the only ones a good op can settle. */
  readonly #unsettled = new Set<Marks>();

  constructor(faults: FaultTracker, quietMs: number) {
    this.#faults = faults;
    this.#quietMs = quietMs;
  }

  /** A bad op (an anomaly or an error) at `time`. */
  bad(time: number): void {
    const { fault } = this.#faults.at(time);
    if (fault === null) return;
    let m = this.#marks.get(fault);
    if (!m) {
      m = { bad: 0, firstBad: null, lastBad: null, goodAfterLastBad: null };
      this.#marks.set(fault, m);
    }
    m.bad++;
    m.firstBad ??= time;
    m.lastBad = time;
    m.goodAfterLastBad = null;
    this.#unsettled.add(m);
  }

  /** A good op at `time`. */
  good(time: number): void {
    if (this.#unsettled.size === 0) return;
    for (const m of this.#unsettled) if (m.lastBad !== null && time > m.lastBad) m.goodAfterLastBad = time;
    this.#unsettled.clear();
  }

  /** Records for every fault window, the history having ended at `endMs`. */
  records(windows: FaultWindow[], endMs: number): Recovery[] {
    return windows.map((w) => {
      const m = this.#marks.get(w.id);
      const since = (t: number | null): number | null => (t === null ? null : t - w.startedAtMs);
      // Settled: good ops came back and the run then stayed clean for a whole quiet period.
      const settled =
        m !== undefined &&
        m.lastBad !== null &&
        m.goodAfterLastBad !== null &&
        endMs - m.lastBad >= this.#quietMs;
      return {
        fault: w.id,
        startedAtMs: w.startedAtMs,
        endedAtMs: w.endedAtMs,
        badOps: m?.bad ?? 0,
        toFirstBadMs: since(m?.firstBad ?? null),
        toLastBadMs: since(m?.lastBad ?? null),
        toSteadyMs: settled ? since(m.goodAfterLastBad) : null,
        recovered: m === undefined || settled,
      };
    });
  }
}
