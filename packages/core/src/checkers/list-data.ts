import type { DataValue, VuOp } from '../history/op.ts';
import { BehindReads, type DataVerdicts } from './data-verdicts.ts';
import { itemsOf, valueKey } from './session-data.ts';

// Acknowledged items remembered per session (older ones are no longer required): bounds memory.
const REMEMBERED_ITEMS = 1024;

interface Missing {
  /** When a read first missed the item, and last. */
  at: number;
  last: number;
  /** A write's own answer missed it: lost, however soon the session ended. */
  proven: boolean;
  /** The runs of reads behind that missed it. */
  runs: number[];
}

/**
 * One session's list under `append` semantics (Jepsen's list-append, without order): every
 * acknowledged item must be in every list read sent after its acknowledgement. An item missing
 * from a read and present in a later one makes that read stale; one never present again was
 * lost, when reads missed it for `lostAfterMs` or more or a write's own answer (from the node
 * that applied it) missed it; otherwise a lagging replica the session ended too soon to see
 * catch up: stale. Items whose append ended `info`, or is in
 * flight, may be absent; unknown items (another writer) are not judged.
 */
export class ListData {
  #seq = 0;
  /** Acknowledged items and their rank in acknowledgement order. */
  readonly #acked = new Map<string, number>();
  readonly #writes = new Map<number, { item: string; floor: number }>();
  readonly #reads = new Map<number, number>();
  readonly #missing = new Map<string, Missing>();
  readonly #behind = new BehindReads();
  readonly #verdicts: DataVerdicts;
  readonly #lostAfterMs: number;

  constructor(verdicts: DataVerdicts, lostAfterMs: number) {
    this.#verdicts = verdicts;
    this.#lostAfterMs = lostAfterMs;
  }

  /** One write or read op of the session, invoke or completion. */
  feed(op: VuOp): void {
    if (op.type === 'invoke') {
      if (op.step === 'read') this.#reads.set(op.id, this.#seq);
      else if (op.value !== undefined && op.value !== null)
        this.#writes.set(op.id, { item: valueKey(op.value), floor: this.#seq });
      return;
    }
    if (op.step === 'write') {
      const w = this.#writes.get(op.id);
      if (!w) return;
      this.#writes.delete(op.id);
      if (op.type !== 'ok') return;
      this.#acked.delete(w.item);
      this.#acked.set(w.item, ++this.#seq);
      if (this.#acked.size > REMEMBERED_ITEMS) this.#acked.delete(this.#acked.keys().next().value!);
      // A write answering with the list must hold its own item too.
      if (op.value !== undefined) this.#judge(op.value, w.floor, w.item, op.time);
      return;
    }
    const floor = this.#reads.get(op.id);
    if (floor === undefined) return;
    this.#reads.delete(op.id);
    if (op.type === 'ok' && op.value !== undefined) this.#judge(op.value, floor, undefined, op.time);
  }

  #judge(value: DataValue, floor: number, own: string | undefined, at: number): void {
    const items = itemsOf(value);
    if (items === undefined) return;
    const present = new Set(items);
    // Items missed before and back now: the reads that missed them were stale.
    for (const [item, m] of this.#missing) {
      if (!present.has(item)) continue;
      this.#missing.delete(item);
      for (const i of m.runs) this.#behind.release(i, at, this.#verdicts);
    }
    let absent: string[] | undefined;
    for (const [item, seq] of this.#acked) {
      if ((seq <= floor || item === own) && !present.has(item)) (absent ??= []).push(item);
    }
    if (!absent) return;
    const run = this.#behind.add(at, absent.length);
    for (const item of absent) {
      let m = this.#missing.get(item);
      if (!m) {
        m = { at, last: at, proven: false, runs: [] };
        this.#missing.set(item, m);
      }
      m.last = at;
      if (own !== undefined) m.proven = true;
      if (run !== -1) m.runs.push(run);
    }
  }

  /** The session ended: items missing long enough were lost; the others only late. */
  end(): void {
    for (const m of this.#missing.values()) {
      // One per item, at the read that first missed it: each falls in its own fault window.
      if (m.proven || m.last - m.at >= this.#lostAfterMs) this.#verdicts.lost(m.at, 1);
      else for (const i of m.runs) this.#behind.release(i, null, this.#verdicts);
    }
  }
}
