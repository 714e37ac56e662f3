import type { FaultTracker, FaultWindow } from './fault-windows.ts';
import type { Recovery } from './finding.ts';

interface Marks {
  bad: number;
  /** The earliest send time among the fault's bad ops (not the first answer: see {@link RecoveryTracker.bad}). */
  firstBad: number | null;
  lastBad: number | null;
  goodAfterLastBad: number | null;
}

/**
 * Per fault: the first and last bad op attributed to it (during the fault or within
 * `afterFaultMs` after its heal), and when good ops came back for good.
 *
 * A bad op belongs to the fault in whose window its answer came (a request in flight when a node
 * is killed is cut by the kill), but the fault reached it when its request was sent: "first bad op
 * after N ms" counts from the send time, so a request that hung 5 s on a paused node reads as hurt
 * at once, not 5 s later. A request sent before the fault and answered badly in its window was in
 * flight when the fault hit: it counts as hurt at the fault's start (0 ms), never before it.
 * The last bad op and the steady state stay on answer times: they say when users saw answers.
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

  /** A bad op (an anomaly or an error) answered at `time`, its request sent at `sentAt`. */
  bad(time: number, sentAt = time): void {
    const { fault } = this.#faults.at(time);
    if (fault === null) return;
    let m = this.#marks.get(fault);
    if (!m) {
      m = { bad: 0, firstBad: null, lastBad: null, goodAfterLastBad: null };
      this.#marks.set(fault, m);
    }
    m.bad++;
    // Answers come back out of send order (a timeout after a quick error): keep the earliest send.
    m.firstBad = m.firstBad === null ? sentAt : Math.min(m.firstBad, sentAt);
    // A bad op noted late (a refusal judged once confirmed) does not undo good ops after it.
    if (m.lastBad === null || time >= m.lastBad) {
      m.lastBad = time;
      m.goodAfterLastBad = null;
    }
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
      const firstBad = m?.firstBad ?? null;
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
        // In flight when the fault hit: hurt at its start, not before it.
        toFirstBadMs: firstBad === null ? null : Math.max(0, firstBad - w.startedAtMs),
        toLastBadMs: since(m?.lastBad ?? null),
        toSteadyMs: settled ? since(m.goodAfterLastBad) : null,
        recovered: m === undefined || settled,
      };
    });
  }
}
