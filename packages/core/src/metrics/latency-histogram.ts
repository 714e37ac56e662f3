import type { Histogram } from 'hdr-histogram-js';
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64 } from 'hdr-histogram-js';

/** Latency percentiles as summary.json reports them (milliseconds). */
export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

// Microseconds with 3 significant digits: 0.1% precision from 1 µs to hours, auto-resized.
function fresh(): Histogram {
  return build({
    bitBucketSize: 32,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
    autoResize: true,
  });
}

const round3 = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * A latency HDR histogram recorded in microseconds. Mergeable (shards of a run combine with
 * {@link LatencyHistogram.merge}) and serialisable (the standard compressed base64 form).
 */
export class LatencyHistogram {
  readonly #h: Histogram;

  constructor(histogram: Histogram = fresh()) {
    this.#h = histogram;
  }

  /** Records one latency in milliseconds (fractions kept to the microsecond). */
  recordMs(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.#h.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  /** Adds every value of `other` (e.g. another shard) to this one. */
  merge(other: LatencyHistogram): this {
    this.#h.add(other.#h);
    return this;
  }

  /** Values recorded. */
  get count(): number {
    return this.#h.totalCount;
  }

  /** The latency at `percentile` (0–100), in ms; 0 when empty. */
  percentileMs(percentile: number): number {
    return this.#h.totalCount === 0 ? 0 : round3(this.#h.getValueAtPercentile(percentile) / 1000);
  }

  /** p50, p90, p99 and max, in ms. */
  summary(): LatencySummary {
    return {
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p99: this.percentileMs(99),
      // The highest equivalent value, as HDR reports it everywhere (also after decode and merge).
      max: this.percentileMs(100),
    };
  }

  /** The histogram in HdrHistogram's compressed base64 form (readable by every HDR port). */
  encode(): string {
    return encodeIntoCompressedBase64(this.#h);
  }

  /** Reads {@link LatencyHistogram.encode}'s output back. */
  static decode(encoded: string): LatencyHistogram {
    const h = fresh();
    h.add(decodeFromCompressedBase64(encoded, 32, false));
    return new LatencyHistogram(h);
  }
}
