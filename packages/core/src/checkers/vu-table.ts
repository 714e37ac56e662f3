/**
 * Per-VU state in an array indexed by VU number (VUs are numbered densely from 1): a plain
 * index instead of a hash lookup, on the hot path of every checker.
 */
export class VuTable<T> {
  #rows: (T | undefined)[] = [];

  get(vu: number): T | undefined {
    return this.#rows[vu];
  }

  set(vu: number, value: T): void {
    this.#rows[vu] = value;
  }

  delete(vu: number): void {
    if (vu < this.#rows.length) this.#rows[vu] = undefined;
  }

  /** Every row present. */
  *values(): Generator<T> {
    for (const row of this.#rows) if (row !== undefined) yield row;
  }

  clear(): void {
    this.#rows = [];
  }
}
