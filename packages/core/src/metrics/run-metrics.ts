import { FaultTracker } from '../checkers/fault-windows.ts';
import { isError } from '../checkers/response.ts';
import type { Op } from '../history/op.ts';
import { isFaultOp } from '../history/op.ts';
import type { LatencySummary } from './latency-histogram.ts';
import type { ScopeMetrics } from './scope-metrics.ts';
import { AllScope, ScopeCounter } from './scope-metrics.ts';
import { SecondSeries } from './second-series.ts';

export type { ScopeMetrics } from './scope-metrics.ts';

/** Where in the run a number was measured: a gate threshold may be scoped to one of these. */
export type MetricScope = 'all' | 'during-fault' | 'after-fault' | 'steady';

/** summary.json's `requests` and `latencyMs` parts. */
export interface RequestsSummary {
  requests: { total: number; byStatus: Record<string, number>; rps: number };
  latencyMs: LatencySummary;
}

/**
 * Collects a run's metrics from its ops in one pass: latency histograms and counts for the
 * whole run and per scope (during a fault, `afterFaultMs` after one, steady state), plus the
 * per-second series. Fault windows come from the fault ops in the same stream.
 */
export class RunMetrics {
  readonly scopes: Record<MetricScope, ScopeMetrics>;
  readonly #all: ScopeCounter;
  readonly #phases: Record<'during' | 'after' | 'steady', ScopeCounter>;
  readonly series = new SecondSeries();
  readonly #faults: FaultTracker;
  #firstMs: number | null = null;
  #lastMs = 0;

  constructor(afterFaultMs = 10_000) {
    this.#faults = new FaultTracker(afterFaultMs);
    const during = new ScopeCounter();
    const after = new ScopeCounter();
    const steady = new ScopeCounter();
    this.#all = new AllScope([during, after, steady]);
    this.#phases = { during, after, steady };
    this.scopes = { all: this.#all, 'during-fault': during, 'after-fault': after, steady };
  }

  /** Feeds one op, in history order. */
  feed(op: Op): void {
    this.#firstMs ??= op.time;
    this.#lastMs = op.time;
    if (isFaultOp(op)) {
      this.#faults.feed(op);
      return;
    }
    // A step never sent (no form to submit) is no request: it is counted in coverage instead.
    if (op.type === 'invoke' || op.notSent === true) return;
    this.series.record(op);
    const other = op.aborted === true ? 'aborted' : 'error'; // the key when no status came
    const error = isError(op);
    this.#all.count(op.status, other, error, undefined); // its latencies are the phases' (AllScope)
    this.#phases[this.#faults.at(op.time).phase].count(op.status, other, error, op.latency);
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
