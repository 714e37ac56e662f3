import type { DataValue, VuOp } from '../history/op.ts';
import { BehindReads, type DataVerdicts } from './data-verdicts.ts';
import { countOf } from './session-data.ts';

/**
 * One session's counter under `increment` semantics (Jepsen's counter): a read's count must
 * reach the increments acknowledged before the read was sent. Increments that ended `info`
 * may or may not have landed, and ones in flight may land any time: a count between the
 * acknowledged and that upper bound is fine, and a count above it is not judged (another
 * writer, a retried request: it proves nothing lost). A read below is behind: stale if a later
 * read of the session is not behind any more, lost (the acknowledged increments) if none is
 * and the reads stayed behind for `lostAfterMs` or more, or a write's own answer (from the node
 * that applied it, no replica in between) was behind; otherwise a lagging replica that the
 * session ended too soon to see catch up: stale.
 */
export class CounterData {
  #acked = 0;
  readonly #writes = new Map<number, number>();
  readonly #reads = new Map<number, number>();
  readonly #behind = new BehindReads();
  /** What the reads behind waited for, and by how much the last one fell short. */
  #behindFloor = 0;
  #deficit = 0;
  #lastBehindAt = 0;
  /** A write's own answer was behind: the loss is proven, however soon the session ended. */
  #proven = false;
  readonly #verdicts: DataVerdicts;
  readonly #lostAfterMs: number;

  constructor(verdicts: DataVerdicts, lostAfterMs: number) {
    this.#verdicts = verdicts;
    this.#lostAfterMs = lostAfterMs;
  }

  /** One write or read op of the session, invoke or completion. */
  feed(op: VuOp): void {
    if (op.type === 'invoke') {
      // What was acknowledged when the request was sent is what its answer must show.
      (op.step === 'write' ? this.#writes : this.#reads).set(op.id, this.#acked);
      return;
    }
    if (op.step === 'write') {
      const floor = this.#writes.get(op.id);
      if (floor === undefined) return;
      this.#writes.delete(op.id);
      if (op.type !== 'ok') return;
      this.#acked++;
      // A write answering with the count must count itself too.
      if (op.value !== undefined && this.#judge(op.value, floor + 1, op.time)) this.#proven = true;
      return;
    }
    const floor = this.#reads.get(op.id);
    if (floor === undefined) return;
    this.#reads.delete(op.id);
    if (op.type === 'ok' && op.value !== undefined) this.#judge(op.value, floor, op.time);
  }

  /** Judges a count read at `at` against `floor`; true when it is behind. */
  #judge(value: DataValue, floor: number, at: number): boolean {
    const count = countOf(value);
    if (count === undefined) return false;
    if (count < floor) {
      this.#behind.add(at, 1);
      this.#behindFloor = Math.max(this.#behindFloor, floor);
      this.#deficit = floor - count;
      this.#lastBehindAt = at;
      return true;
    }
    // Caught up with everything the reads behind waited for: they were stale, nothing was lost.
    if (this.#behind.unsettled > 0 && count >= this.#behindFloor) {
      const runs = this.#behind.runs.length;
      for (let i = 0; i < runs; i++) this.#behind.release(i, at, this.#verdicts);
      this.#behindFloor = 0;
    }
    return false;
  }

  /** The session ended: reads behind long enough mean acknowledged increments were lost. */
  end(): void {
    const first = this.#behind.runs.find((r) => r.open > 0);
    if (!first) return;
    if (this.#proven || this.#lastBehindAt - first.at >= this.#lostAfterMs) {
      this.#verdicts.lost(first.at, Math.max(1, this.#deficit));
      return;
    }
    const runs = this.#behind.runs.length;
    for (let i = 0; i < runs; i++) this.#behind.release(i, null, this.#verdicts);
  }
}
