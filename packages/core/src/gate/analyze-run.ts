import type { CheckResult, FindingListener } from '../checkers/check-history.ts';
import { HistoryChecker } from '../checkers/check-history.ts';
import type { CheckerFactory } from '../checkers/checker.ts';
import { ALL_CHECKERS } from '../checkers/all-checkers.ts';
import type { CheckOptions } from '../checkers/options.ts';
import { resolveCheckOptions } from '../checkers/options.ts';
import type { Op } from '../history/op.ts';
import { isVuOp } from '../history/op.ts';
import type { RequestsSummary } from '../metrics/run-metrics.ts';
import { RunMetrics } from '../metrics/run-metrics.ts';
import type { SecondBucket } from '../metrics/second-series.ts';
import { VuSet } from '../checkers/vu-set.ts';
import { CoverageTracker } from './coverage.ts';
import type { GateReport } from './evaluate-gate.ts';
import { evaluateGate } from './evaluate-gate.ts';
import type { JudgedCoverage } from './judge-coverage.ts';
import { judgeCoverage } from './judge-coverage.ts';
import type { Threshold } from './threshold.ts';
import { DEFAULT_THRESHOLDS } from './threshold.ts';

/** Everything a run's reporters need, from one pass over its history. */
export interface RunAnalysis extends RequestsSummary {
  check: CheckResult;
  gate: GateReport;
  series: SecondBucket[];
  /** summary.json's `users`: the load's VUs seen (not the probes'), and those with a lost session. */
  users: { total: number; withLostSession: number };
  /** What the run exercised (users logged in, each journey step), and whether that was enough. */
  coverage: JudgedCoverage;
  metrics: RunMetrics;
}

/**
 * Checks, measures and gates a run in one streaming pass (what `sessionchaos run` does live
 * and `sessionchaos report <dir>` does again from history.ndjson): feed ops, then `finish()`.
 */
export class RunAnalyzer {
  readonly #checker: HistoryChecker;
  readonly #metrics: RunMetrics;
  readonly #coverage: CoverageTracker;
  readonly #nodes: number | undefined;
  readonly #minLoggedIn: number;
  readonly #vus = new VuSet();
  /** Every VU with a lost-session occurrence (probes' too; only the load's are counted). */
  readonly #lost = new Set<number>();

  constructor(
    options: CheckOptions = {},
    factories: readonly CheckerFactory[] = ALL_CHECKERS,
    listener?: FindingListener,
  ) {
    this.#checker = new HistoryChecker(options, factories, (kind, time, count, vu) => {
      if (kind === 'lost-session' && vu !== null) this.#lost.add(vu);
      listener?.(kind, time, count, vu);
    });
    const resolved = resolveCheckOptions(options);
    this.#metrics = new RunMetrics(resolved.afterFaultMs);
    this.#coverage = new CoverageTracker(resolved.afterFaultMs);
    this.#nodes = resolved.nodes;
    this.#minLoggedIn = resolved.minLoggedIn;
  }

  /** Feeds one op, in history order. */
  feed(op: Op): void {
    // Users are the load's VUs: the probes' own VUs are instruments, not people.
    if (isVuOp(op) && op.probe === undefined) this.#vus.add(op.process);
    this.#checker.feed(op);
    this.#metrics.feed(op);
    this.#coverage.feed(op);
  }

  /** The coverage so far, judged (the live progress line and dashboard show it). */
  coverage(): JudgedCoverage {
    return judgeCoverage(this.#coverage.coverage(this.#nodes), this.#minLoggedIn);
  }

  /** Ends the pass; `durationMs` (the run's wall length) defaults to the history's span. */
  finish(thresholds: readonly Threshold[] = DEFAULT_THRESHOLDS, durationMs?: number): RunAnalysis {
    const check = this.#checker.finish();
    // Exact and distinct across fault windows (a finding's `users` is only a sample).
    let withLostSession = 0;
    for (const vu of this.#lost) if (this.#vus.has(vu)) withLostSession++;
    const coverage = this.coverage();
    return {
      ...this.#metrics.summary(durationMs),
      check,
      gate: evaluateGate(thresholds, check, this.#metrics, coverage),
      series: this.#metrics.series.toArray(),
      users: {
        total: this.#vus.size,
        withLostSession,
      },
      coverage,
      metrics: this.#metrics,
    };
  }
}

/** {@link RunAnalyzer} over a whole history at once. */
export function analyzeRun(
  history: Iterable<Op>,
  thresholds: readonly Threshold[] = DEFAULT_THRESHOLDS,
  options: CheckOptions = {},
): RunAnalysis {
  const analyzer = new RunAnalyzer(options);
  for (const op of history) analyzer.feed(op);
  return analyzer.finish(thresholds);
}
