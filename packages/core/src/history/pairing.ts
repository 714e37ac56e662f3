import type { Op } from './op.ts';

/** An invoke and its completion. `completion` is absent when the history ended first. */
export interface OpPair<T extends Op = Op> {
  invoke: T;
  completion?: T;
}

/**
 * Pairs each completion with its invoke (same `id`, unique per run), incrementally: it holds
 * only the invokes still open, so memory follows the number of live processes.
 */
export class OpPairer {
  // Keyed by the numeric id alone: ids are unique per run, and number keys cost no garbage.
  readonly #open = new Map<number, Op>();

  /** Feeds one op; returns the matching invoke for a completion, `undefined` otherwise. */
  feed(op: Op): Op | undefined {
    if (op.type === 'invoke') {
      this.#open.set(op.id, op);
      return undefined;
    }
    const invoke = this.#open.get(op.id);
    if (invoke !== undefined) this.#open.delete(op.id);
    return invoke;
  }

  /** Invokes that never completed (the run ended or crashed first). */
  pending(): Op[] {
    return [...this.#open.values()];
  }

  /** Number of open invokes right now. */
  get size(): number {
    return this.#open.size;
  }
}

/** Pairs a whole history: every invoke with its completion, in invoke order. */
export function pairOps<T extends Op>(history: Iterable<T>): OpPair<T>[] {
  const pairs: OpPair<T>[] = [];
  const open = new Map<string, OpPair<T>>();
  for (const op of history) {
    const key = `${op.process}:${op.id}`;
    if (op.type === 'invoke') {
      const pair: OpPair<T> = { invoke: op };
      open.set(key, pair);
      pairs.push(pair);
    } else {
      const pair = open.get(key);
      if (pair) {
        pair.completion = op;
        open.delete(key);
      }
    }
  }
  return pairs;
}
