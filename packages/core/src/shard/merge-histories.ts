import type { Op } from '../history/op.ts';

/** One shard's history for the merge: its ops in their order, and where its clock stands. */
export interface ShardHistory {
  /** The shard's number (from 1). */
  shard: number;
  /** Its ops, in history order (time non-decreasing). */
  ops: AsyncIterable<Op> | Iterable<Op>;
  /** Its run-time zero minus the earliest shard's, in ms (measured from the shards' recorded start instants). */
  offsetMs: number;
}

interface Head {
  it: AsyncIterator<Op> | Iterator<Op>;
  op: Op;
  shard: number;
  offsetMs: number;
}

async function next(h: Pick<Head, 'it'>): Promise<Op | undefined> {
  const r = await h.it.next();
  return r.done === true ? undefined : r.value;
}

/**
 * Interleaves shard histories into one, in time order (a k-way merge over a binary heap, streaming:
 * one op per shard in memory), with each shard's times moved by its offset. Ops are numbered again
 * (`index`), and ids made unique across shards (`id * count + shard - 1`), so the checkers read the
 * result exactly as one run's history.
 */
export async function* mergeHistories(shards: readonly ShardHistory[]): AsyncGenerator<Op> {
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
      Symbol.asyncIterator in s.ops
        ? (s.ops as AsyncIterable<Op>)[Symbol.asyncIterator]()
        : (s.ops as Iterable<Op>)[Symbol.iterator]();
    const op = await next({ it });
    if (op !== undefined) {
      heap.push({ it, op, shard: s.shard, offsetMs: s.offsetMs });
      up(heap.length - 1);
    }
  }
  let index = 0;
  while (heap.length > 0) {
    const top = heap[0]!;
    const op = top.op;
    op.index = index++;
    op.id = op.id * count + top.shard - 1;
    op.time += top.offsetMs;
    yield op;
    const following = await next(top);
    if (following === undefined) {
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        down(0);
      }
    } else {
      top.op = following;
      down(0);
    }
  }
}
