/** Percentiles of a latency histogram, ms. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

// Log-scale buckets, ~1% wide, from 1 µs to ~1 hour: recording is one Math.log and an increment.
const STEP = Math.log(1.01);
const BUCKETS = Math.ceil(Math.log(3_600_000_000) / STEP) + 1;

/** A cheap log-bucketed latency histogram (1% precision); record in ms. */
export class LatencyHistogram {
  readonly #counts = new Uint32Array(BUCKETS);
  #count = 0;
  #max = 0;

  record(ms: number): void {
    const us = Math.max(1, ms * 1000);
    const i = Math.min(BUCKETS - 1, Math.floor(Math.log(us) / STEP));
    this.#counts[i] = (this.#counts[i] ?? 0) + 1;
    this.#count++;
    if (ms > this.#max) this.#max = ms;
  }

  /** Adds another histogram's counts to this one. */
  merge(other: LatencyHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.#counts[i] = (this.#counts[i] ?? 0) + (other.#counts[i] ?? 0);
    this.#count += other.#count;
    if (other.#max > this.#max) this.#max = other.#max;
  }

  /** Value at percentile `p` (0..100), ms: the upper edge of its bucket, capped at the max seen. */
  percentile(p: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.ceil((p / 100) * this.#count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.#counts[i] ?? 0;
      if (seen >= rank) return Math.min(this.#max, Math.exp((i + 1) * STEP) / 1000);
    }
    return this.#max;
  }

  summary(): LatencySummary {
    return {
      count: this.#count,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p99: this.percentile(99),
      max: this.#max,
    };
  }
}
