import type { Op } from '../history/op.ts';

/** One shard's history for the merge: its ops in their order, and where its clock stands. */
export interface ShardHistory {
  /** The shard's number (from 1). */
  shard: number;
  /** Its ops in history order (time non-decreasing), in batches (a decoded file chunk each). */
  batches: AsyncIterable<readonly Op[]> | Iterable<readonly Op[]>;
  /** Its run-time zero minus the earliest shard's, in ms (measured from the shards' recorded start instants). */
  offsetMs: number;
}

interface Head {
  it: AsyncIterator<readonly Op[]> | Iterator<readonly Op[]>;
  batch: readonly Op[];
  /** Position of `op` in `batch`. */
  at: number;
  op: Op;
  shard: number;
  offsetMs: number;
}

/** Moves a head to its next op: within its batch, or (awaiting only then) the next non-empty batch. */
async function advance(h: Pick<Head, 'it' | 'batch' | 'at' | 'op'>): Promise<boolean> {
  if (h.at + 1 < h.batch.length) {
    h.op = h.batch[++h.at]!;
    return true;
  }
  for (;;) {
    const r = await h.it.next();
    if (r.done === true) return false;
    if (r.value.length > 0) {
      h.batch = r.value;
      h.at = 0;
      h.op = r.value[0]!;
      return true;
    }
  }
}

/**
 * Interleaves shard histories into one, in time order (a k-way merge over a binary heap, streaming:
 * one batch per shard in memory, awaiting only between batches), with each shard's times moved by its offset. Ops are numbered again
 * (`index`), and ids made unique across shards (`id * count + shard - 1`), so the checkers read the
 * result exactly as one run's history. The merged ops come in batches of `batchSize`.
 */
export async function* mergeHistories(
  shards: readonly ShardHistory[],
  batchSize = 4096,
): AsyncGenerator<Op[]> {
  const count = Math.max(1, ...shards.map((s) => s.shard));
  const heap: Head[] = [];
  const less = (a: Head, b: Head): boolean =>
    a.op.time + a.offsetMs < b.op.time + b.offsetMs ||
    (a.op.time + a.offsetMs === b.op.time + b.offsetMs && a.shard < b.shard);
  const up = (i: number): void => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i]!, heap[p]!)) return;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const s of shards) {
    const it =
      Symbol.asyncIterator in s.batches
        ? (s.batches as AsyncIterable<readonly Op[]>)[Symbol.asyncIterator]()
        : (s.batches as Iterable<readonly Op[]>)[Symbol.iterator]();
    const head = {
      it,
      batch: [] as readonly Op[],
      at: -1,
      op: undefined as unknown as Op,
      shard: s.shard,
      offsetMs: s.offsetMs,
    };
    if (await advance(head)) {
      heap.push(head);
      up(heap.length - 1);
    }
  }
  let index = 0;
  // Yielded in batches: an async generator costs a promise per yield, which per op would be most of the merge.
  let out: Op[] = [];
  while (heap.length > 0) {
    const top = heap[0]!;
    const op = top.op;
    op.index = index++;
    op.id = op.id * count + top.shard - 1;
    op.time += top.offsetMs;
    out.push(op);
    if (out.length >= batchSize) {
      yield out;
      out = [];
    }
    if (await advance(top)) down(0);
    else {
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        down(0);
      }
    }
  }
  if (out.length > 0) yield out;
}
