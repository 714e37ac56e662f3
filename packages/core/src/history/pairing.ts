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
  // Most VUs have one request in flight: its invoke sits in the VU's slot (an array index, no
  // hashing of an id that may exceed 2^31), and only further concurrent ones, and fault ops, in
  // the map, keyed by the numeric id alone (ids are unique per run: number keys cost no garbage).
  readonly #slots: (Op | undefined)[] = [];
  readonly #open = new Map<number, Op>();
  #size = 0;

  /** Feeds one op; returns the matching invoke for a completion, `undefined` otherwise. */
  feed(op: Op): Op | undefined {
    const vu = op.process;
    if (op.type === 'invoke') {
      this.#size++;
      if (typeof vu === 'number' && this.#slots[vu] === undefined) this.#slots[vu] = op;
      else this.#open.set(op.id, op);
      return undefined;
    }
    if (typeof vu === 'number') {
      const invoke = this.#slots[vu];
      if (invoke !== undefined && invoke.id === op.id) {
        this.#slots[vu] = undefined;
        this.#size--;
        return invoke;
      }
    }
    const invoke = this.#open.get(op.id);
    if (invoke !== undefined) {
      this.#open.delete(op.id);
      this.#size--;
    }
    return invoke;
  }

  /** Invokes that never completed (the run ended or crashed first). */
  pending(): Op[] {
    const open = [...this.#slots.filter((o) => o !== undefined), ...this.#open.values()];
    return open.sort((a, b) => a.index - b.index);
  }

  /** Number of open invokes right now. */
  get size(): number {
    return this.#size;
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
