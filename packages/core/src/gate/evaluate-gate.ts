import type { CheckResult } from '../checkers/check-history.ts';
import type { Finding } from '../checkers/finding.ts';
import type { MetricScope, RunMetrics } from '../metrics/run-metrics.ts';
import type { JudgedCoverage } from './judge-coverage.ts';
import type { InterruptionFacts } from './interruption-facts.ts';
import type { GateResult, Threshold, Verdict } from './threshold.ts';
import { combineVerdicts, thresholdName } from './threshold.ts';

/** A run's gate: each threshold's result, and the combined verdict. */
export interface GateReport {
  verdict: Verdict;
  gates: GateResult[];
  /** Why the whole run is `unknown` (or `interrupted`), when it is for a reason beyond one gate. */
  reason?: string;
  /** The run was stopped before its plan ended: when, by what, and what had run. */
  interrupted?: InterruptionFacts;
}

function inScope(f: Finding, scope: MetricScope): number {
  if (scope === 'all') return f.count;
  if (scope === 'during-fault') return f.phases.during;
  if (scope === 'after-fault') return f.phases.after;
  return f.phases.steady;
}

function unknown(name: string, threshold: string, reason: string): GateResult {
  return { name, threshold, observed: null, passed: null, verdict: 'unknown', reason };
}

function judged(name: string, threshold: string, observed: number, limit: number): GateResult {
  const passed = observed <= limit;
  return { name, threshold, observed, passed, verdict: passed ? 'pass' : 'fail' };
}

function notJudged(name: string, threshold: string, why: string): GateResult {
  return { ...unknown(name, threshold, `nothing to judge: ${why}`), nothingToJudge: true };
}

function evaluateOne(
  t: Threshold,
  check: CheckResult,
  metrics: RunMetrics,
  coverage: JudgedCoverage | undefined,
): GateResult[] {
  const name = thresholdName(t);
  const scope = t.scope ?? 'all';
  const m = metrics.scopes[scope];
  if (t.metric === 'finding') {
    const failure = check.failures.find((f) => f.kinds.includes(t.kind));
    const limits: [string, (count: number) => number, number][] = [];
    if (t.maxCount !== undefined) limits.push([`<= ${t.maxCount}`, (c) => c, t.maxCount]);
    if (t.maxRate !== undefined)
      limits.push([`<= ${t.maxRate} per request`, (c) => (m.requests > 0 ? c / m.requests : 0), t.maxRate]);
    if (limits.length === 0) limits.push(['<= 0', (c) => c, 0]);
    const count = check.findings.filter((f) => f.kind === t.kind).reduce((n, f) => n + inScope(f, scope), 0);
    return limits.map(([words, observe, limit], i) => {
      const gateName = limits.length > 1 ? `${name}${i === 0 ? '' : ' rate'}` : name;
      if (failure) return unknown(gateName, words, `the ${t.kind} checker failed: ${failure.message}`);
      // An occurrence is evidence whatever the coverage says; only a silent checker may have seen nothing.
      const missing = coverage?.nothingToJudge[t.kind];
      if (missing !== undefined && count === 0) return notJudged(gateName, words, missing);
      return judged(gateName, words, observe(count), limit);
    });
  }
  if (m.requests === 0) {
    const words = t.metric === 'latency' ? `<= ${t.maxMs} ms` : `<= ${t.max}`;
    return [unknown(name, words, `no requests completed in scope ${scope}`)];
  }
  if (t.metric === 'latency')
    return [judged(name, `<= ${t.maxMs} ms`, m.latency.percentileMs(t.percentile), t.maxMs)];
  return [judged(name, `<= ${t.max}`, m.errors / m.requests, t.max)];
}

/**
 * Applies thresholds to a run's findings and metrics, and to its coverage when given.
 *
 * How the verdict is combined (`fail` > `unknown` > `pass`), so that a run that tested nothing
 * never passes:
 * - every gate is `unknown` when the target never answered a single request;
 * - a gate whose checker threw is `unknown`;
 * - a finding gate whose checker had nothing to look at (no successful read for stale-read...)
 *   is "not judged" (`passed: null`, `nothingToJudge`). If the scenario wrote that gate, the
 *   user asked for that property, so it makes the run `unknown`; a gate of the default set
 *   (`implicit`) is shown but left out: a plain run exercises only part of what the defaults cover;
 * - a gate that failed fails the run, whatever else (the finding is evidence);
 * - otherwise the run is `unknown` when a required planned fault did not take effect
 *   ({@link JudgedCoverage.faultShortfall}), when the coverage is not sufficient (the journey did not
 *   work: {@link JudgedCoverage.diagnosis}) or when no gate judged anything at all; and
 *   `pass` only when the coverage is sufficient and every gate that counts judged and passed.
 */
export function evaluateGate(
  thresholds: readonly Threshold[],
  check: CheckResult,
  metrics: RunMetrics,
  coverage?: JudgedCoverage,
): GateReport {
  if (check.answered === 0) {
    const reason = 'the target never answered: no request got a response, so nothing could be judged';
    const gates = thresholds.map((t) => unknown(thresholdName(t), '-', reason));
    return { verdict: 'unknown', gates, reason };
  }
  const gates: GateResult[] = [];
  const counted: GateResult[] = [];
  for (const t of thresholds) {
    for (const g of evaluateOne(t, check, metrics, coverage)) {
      gates.push(g);
      if (!(g.nothingToJudge === true && t.implicit === true)) counted.push(g);
    }
  }
  // A checker that threw with no threshold on its kinds still leaves the run half-judged.
  for (const failure of check.failures) {
    if (thresholds.some((t) => t.metric === 'finding' && failure.kinds.includes(t.kind))) continue;
    const reason = `the ${failure.kinds.join('/')} checker failed: ${failure.message}`;
    const g = unknown(`${failure.kinds.join('/')} checker`, 'completes', reason);
    gates.push(g);
    counted.push(g);
  }
  const verdict = combineVerdicts(counted.map((g) => g.verdict));
  if (verdict === 'fail') return { verdict, gates };
  // A planned fault that never hit: the run did not test what its scenario set out to test.
  if (coverage?.faultShortfall !== undefined)
    return { verdict: 'unknown', gates, reason: coverage.faultShortfall };
  if (coverage && !coverage.sufficient) {
    return { verdict: 'unknown', gates, reason: `${coverage.diagnosis}. Fix: ${coverage.fix}` };
  }
  if (!counted.some((g) => g.passed !== null)) {
    const reason =
      gates.length === 0
        ? 'no gate to judge: the scenario gate is empty'
        : 'no gate had anything to judge: every checker gated saw nothing of what it checks';
    return { verdict: 'unknown', gates, reason };
  }
  return { verdict, gates };
}
