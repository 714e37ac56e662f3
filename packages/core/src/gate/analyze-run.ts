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
 * What a run's history gives besides the checkers' findings, in one streaming pass: the metrics,
 * the coverage and the load's users. {@link RunAnalyzer} feeds it beside a {@link HistoryChecker};
 * `sessionchaos report` may feed the two on two threads and join them with {@link concludeRun}.
 */
export class RunMeasure {
  readonly metrics: RunMetrics;
  readonly #coverage: CoverageTracker;
  readonly #nodes: number | undefined;
  readonly #minLoggedIn: number;
  /** The load's VUs seen (users): the probes' own VUs are instruments, not people. */
  readonly vus = new VuSet();

  constructor(options: CheckOptions = {}) {
    const resolved = resolveCheckOptions(options);
    this.metrics = new RunMetrics(resolved.afterFaultMs);
    this.#coverage = new CoverageTracker(resolved.afterFaultMs, resolved.loginPath);
    this.#nodes = resolved.nodes;
    this.#minLoggedIn = resolved.minLoggedIn;
  }

  /** Feeds one op, in history order. */
  feed(op: Op): void {
    if (isVuOp(op) && op.probe === undefined) this.vus.add(op.process);
    this.metrics.feed(op);
    this.#coverage.feed(op);
  }

  /** The coverage so far, judged (the live progress line and dashboard show it). */
  coverage(): JudgedCoverage {
    return judgeCoverage(this.#coverage.coverage(this.#nodes), this.#minLoggedIn);
  }
}

/**
 * Joins a run's measure and its checkers' result into the analysis, and gates it. `lostVus`: the
 * VUs with a lost-session occurrence (probes' too; only the load's users are counted).
 */
export function concludeRun(
  measure: RunMeasure,
  check: CheckResult,
  lostVus: Iterable<number>,
  thresholds: readonly Threshold[] = DEFAULT_THRESHOLDS,
  durationMs?: number,
): RunAnalysis {
  // Exact and distinct across fault windows (a finding's `users` is only a sample).
  let withLostSession = 0;
  for (const vu of new Set(lostVus)) if (measure.vus.has(vu)) withLostSession++;
  const coverage = measure.coverage();
  const metrics = measure.metrics;
  return {
    ...metrics.summary(durationMs),
    check,
    gate: evaluateGate(thresholds, check, metrics, coverage),
    series: metrics.series.toArray(),
    users: {
      total: measure.vus.size,
      withLostSession,
    },
    coverage,
    metrics,
  };
}

/**
 * Checks, measures and gates a run in one streaming pass (what `sessionchaos run` does live
 * and `sessionchaos report <dir>` does again from the history): feed ops, then `finish()`.
 */
export class RunAnalyzer {
  readonly #checker: HistoryChecker;
  readonly #measure: RunMeasure;
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
    this.#measure = new RunMeasure(options);
  }

  /** Feeds one op, in history order. */
  feed(op: Op): void {
    this.#checker.feed(op);
    this.#measure.feed(op);
  }

  /** The coverage so far, judged (the live progress line and dashboard show it). */
  coverage(): JudgedCoverage {
    return this.#measure.coverage();
  }

  /** Ends the pass; `durationMs` (the run's wall length) defaults to the history's span. */
  finish(thresholds: readonly Threshold[] = DEFAULT_THRESHOLDS, durationMs?: number): RunAnalysis {
    return concludeRun(this.#measure, this.#checker.finish(), this.#lost, thresholds, durationMs);
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
