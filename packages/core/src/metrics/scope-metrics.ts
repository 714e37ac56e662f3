import { LatencyHistogram } from './latency-histogram.ts';

/** Counts and latencies of one scope. */
export interface ScopeMetrics {
  readonly latency: LatencyHistogram;
  /** VU completions (requests), and those that were errors (no answer, or a 5xx). */
  requests: number;
  errors: number;
  /** Completions by final status (`"200"`, `"401"`...) or `"error"` when none came. */
  readonly byStatus: Record<string, number>;
}

// Statuses counted in an array slot; anything else (none, an odd number) under a text key.
const STATUS_SLOTS = 1000;

/**
 * One scope's counts as they come. Statuses are counted in a typed array and `byStatus` is built
 * when read: a property of a string key per op ("200" is an array index to V8, converted back on
 * every access) was the largest cost of the metrics in a re-check.
 */
export class ScopeCounter implements ScopeMetrics {
  requests = 0;
  errors = 0;
  readonly #latency: LatencyHistogram | undefined;
  readonly #statuses = new Float64Array(STATUS_SLOTS);
  /** Keys other than a status slot (`error`, `aborted`, a status out of range), in first-seen order. */
  readonly #other = new Map<string, number>();

  /** `records: false` for a scope whose `latency` is made otherwise (see {@link AllScope}). */
  constructor(records = true) {
    this.#latency = records ? new LatencyHistogram() : undefined;
  }

  get latency(): LatencyHistogram {
    return this.#latency!;
  }

  /** Counts one completion: its status (none: `other` names why), whether an error, its latency. */
  count(status: number | undefined, other: string, error: boolean, latency: number | undefined): void {
    this.requests++;
    if (error) this.errors++;
    if (status !== undefined && status >= 0 && status < STATUS_SLOTS && (status | 0) === status)
      this.#statuses[status]!++;
    else {
      const key = status === undefined ? other : String(status);
      this.#other.set(key, (this.#other.get(key) ?? 0) + 1);
    }
    if (latency !== undefined) this.#latency?.recordMs(latency);
  }

  get byStatus(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let s = 0; s < STATUS_SLOTS; s++) if (this.#statuses[s]! > 0) out[String(s)] = this.#statuses[s]!;
    for (const [key, n] of this.#other) out[key] = (out[key] ?? 0) + n;
    return out;
  }
}

/**
 * The whole run's scope: counts kept as they come, latencies the phase scopes' histograms merged
 * when read (again only once more were recorded). Every completion falls in exactly one phase,
 * so the merge is exact; recording each latency twice was a third of the metrics' cost.
 */
export class AllScope extends ScopeCounter {
  readonly #phases: readonly ScopeMetrics[];
  #merged = new LatencyHistogram();
  #mergedCount = 0;

  constructor(phases: readonly ScopeMetrics[]) {
    super(false);
    this.#phases = phases;
  }

  override get latency(): LatencyHistogram {
    let count = 0;
    for (const p of this.#phases) count += p.latency.count;
    if (count !== this.#mergedCount) {
      this.#merged = new LatencyHistogram();
      for (const p of this.#phases) this.#merged.merge(p.latency);
      this.#mergedCount = count;
    }
    return this.#merged;
  }
}
