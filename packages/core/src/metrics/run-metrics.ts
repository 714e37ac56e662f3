import { FaultTracker } from '../checkers/fault-windows.ts';
import { isError } from '../checkers/response.ts';
import type { Op } from '../history/op.ts';
import { isFaultOp } from '../history/op.ts';
import type { LatencySummary } from './latency-histogram.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { SecondSeries } from './second-series.ts';

/** Where in the run a number was measured: a gate threshold may be scoped to one of these. */
export type MetricScope = 'all' | 'during-fault' | 'after-fault' | 'steady';

/** Counts and latencies of one scope. */
export interface ScopeMetrics {
  latency: LatencyHistogram;
  /** VU completions (requests), and those that were errors (no answer, or a 5xx). */
  requests: number;
  errors: number;
  /** Completions by final status (`"200"`, `"401"`...) or `"error"` when none came. */
  byStatus: Record<string, number>;
}

/** summary.json's `requests` and `latencyMs` parts. */
export interface RequestsSummary {
  requests: { total: number; byStatus: Record<string, number>; rps: number };
  latencyMs: LatencySummary;
}

// Status keys of byStatus ("200", "401"...), made once each: a String() per op is garbage per op.
const STATUS_KEYS: string[] = [];
const statusKey = (status: number): string =>
  Number.isInteger(status) && status >= 0 && status < 1000
    ? (STATUS_KEYS[status] ??= String(status))
    : String(status);

function scope(): ScopeMetrics {
  return { latency: new LatencyHistogram(), requests: 0, errors: 0, byStatus: {} };
}

/**
 * The `all` scope: its counts are kept as they come, but its latencies are the three phase
 * scopes' histograms merged when read (and again only once more were recorded). Every completion
 * falls in exactly one phase, so the merge is exact; recording each latency twice was a third
 * of the metrics' cost in a re-check.
 */
function allScope(phases: readonly ScopeMetrics[]): ScopeMetrics {
  let merged = new LatencyHistogram();
  let mergedCount = 0;
  return {
    requests: 0,
    errors: 0,
    byStatus: {},
    get latency(): LatencyHistogram {
      let count = 0;
      for (const p of phases) count += p.latency.count;
      if (count !== mergedCount) {
        merged = new LatencyHistogram();
        for (const p of phases) merged.merge(p.latency);
        mergedCount = count;
      }
      return merged;
    },
  };
}

/** Counts one completion in one scope. */
function count(s: ScopeMetrics, key: string, error: boolean, latency: number | undefined): void {
  s.requests++;
  if (error) s.errors++;
  s.byStatus[key] = (s.byStatus[key] ?? 0) + 1;
  if (latency !== undefined) s.latency.recordMs(latency);
}

/**
 * Collects a run's metrics from its ops in one pass: latency histograms and counts for the
 * whole run and per scope (during a fault, `afterFaultMs` after one, steady state), plus the
 * per-second series. Fault windows come from the fault ops in the same stream.
 */
export class RunMetrics {
  readonly scopes: Record<MetricScope, ScopeMetrics>;
  readonly series = new SecondSeries();
  readonly #faults: FaultTracker;
  #firstMs: number | null = null;
  #lastMs = 0;

  constructor(afterFaultMs = 10_000) {
    this.#faults = new FaultTracker(afterFaultMs);
    const during = scope();
    const after = scope();
    const steady = scope();
    this.scopes = {
      all: allScope([during, after, steady]),
      'during-fault': during,
      'after-fault': after,
      steady,
    };
  }

  /** Feeds one op, in history order. */
  feed(op: Op): void {
    this.#firstMs ??= op.time;
    this.#lastMs = op.time;
    if (isFaultOp(op)) {
      this.#faults.feed(op);
      return;
    }
    if (op.type === 'invoke') return;
    this.series.record(op);
    const phase = this.#faults.at(op.time).phase;
    const key = op.status === undefined ? (op.aborted === true ? 'aborted' : 'error') : statusKey(op.status);
    const error = isError(op);
    count(this.scopes.all, key, error, undefined); // its latencies are the phases' (allScope)
    const s = this.scopes[phase === 'during' ? 'during-fault' : phase === 'after' ? 'after-fault' : 'steady'];
    count(s, key, error, op.latency);
  }

  /** The run's length in ms (first to last op). */
  get durationMs(): number {
    return this.#firstMs === null ? 0 : this.#lastMs - this.#firstMs;
  }

  /** summary.json's `requests` and `latencyMs`; `durationMs` defaults to the history's span. */
  summary(durationMs = this.durationMs): RequestsSummary {
    const all = this.scopes.all;
    const seconds = durationMs / 1000;
    return {
      requests: {
        total: all.requests,
        byStatus: { ...all.byStatus },
        rps: seconds > 0 ? Math.round((all.requests / seconds) * 10) / 10 : 0,
      },
      latencyMs: all.latency.summary(),
    };
  }
}
