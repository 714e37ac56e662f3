// Past this many VUs (or for a number that is not a small integer) a Set takes over.
const DENSE_LIMIT = 1 << 24;

/**
 * A set of VU numbers as a byte per VU (VUs are numbered densely from 1): adding one already
 * there is an array read, where a `Set` hashes the number on every op of the history.
 */
export class VuSet {
  #flags = new Uint8Array(64);
  #size = 0;
  #other: Set<number> | undefined;

  /** Adds `vu`; a no-op when it is there already. */
  add(vu: number): void {
    if (vu >= 0 && vu < this.#flags.length && (vu | 0) === vu) {
      if (this.#flags[vu] === 0) {
        this.#flags[vu] = 1;
        this.#size++;
      }
      return;
    }
    if (Number.isInteger(vu) && vu >= 0 && vu < DENSE_LIMIT) {
      let length = this.#flags.length;
      while (length <= vu) length *= 2;
      const flags = new Uint8Array(length);
      flags.set(this.#flags);
      this.#flags = flags;
      this.add(vu);
      return;
    }
    const other = (this.#other ??= new Set());
    if (!other.has(vu)) {
      other.add(vu);
      this.#size++;
    }
  }

  /** Whether `vu` was added. */
  has(vu: number): boolean {
    if (vu >= 0 && vu < this.#flags.length && (vu | 0) === vu) return this.#flags[vu] === 1;
    return this.#other?.has(vu) ?? false;
  }

  /** VUs in the set. */
  get size(): number {
    return this.#size;
  }
}
