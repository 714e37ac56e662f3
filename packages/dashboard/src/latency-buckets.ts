// 1% wide buckets from 10 µs to ~30 min: p50/p99 of a second read to within half a percent.
const MIN_MS = 0.01;
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
const BUCKETS = Math.ceil(Math.log(1_800_000 / MIN_MS) / LOG_GROWTH) + 1;

/**
 * A reusable log-bucketed latency histogram for one second of the live view: recording is one
 * `Math.log` and an increment, reading walks ~1 900 counters, `reset()` reuses the memory (the run's
 * exact percentiles come from core's HDR histograms; this only draws sparklines).
 */
export class LatencyBuckets {
  readonly #counts = new Uint32Array(BUCKETS);
  #total = 0;

  /** Records one latency in ms. */
  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const i = ms <= MIN_MS ? 0 : Math.min(BUCKETS - 1, Math.floor(Math.log(ms / MIN_MS) / LOG_GROWTH) + 1);
    this.#counts[i] = (this.#counts[i] ?? 0) + 1;
    this.#total++;
  }

  /** The latency at `percentile` (0–100), in ms (the middle of its bucket); 0 when empty. */
  percentile(percentile: number): number {
    if (this.#total === 0) return 0;
    const rank = Math.max(1, Math.ceil((percentile / 100) * this.#total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.#counts[i] ?? 0;
      if (seen >= rank) return i === 0 ? MIN_MS : MIN_MS * GROWTH ** (i - 0.5);
    }
    return MIN_MS * GROWTH ** (BUCKETS - 1);
  }

  /** Empties it for the next second. */
  reset(): void {
    if (this.#total === 0) return;
    this.#counts.fill(0);
    this.#total = 0;
  }
}
