import type { CheckResult } from '../checkers/check-history.ts';
import type { Finding } from '../checkers/finding.ts';
import type { MetricScope, RunMetrics } from '../metrics/run-metrics.ts';
import type { GateResult, Threshold, Verdict } from './threshold.ts';
import { combineVerdicts, thresholdName } from './threshold.ts';

/** A run's gate: each threshold's result, and the combined verdict. */
export interface GateReport {
  verdict: Verdict;
  gates: GateResult[];
  /** Why the whole run is `unknown`, when it is for a reason beyond one gate. */
  reason?: string;
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

function evaluateOne(t: Threshold, check: CheckResult, metrics: RunMetrics): GateResult[] {
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
 * Applies thresholds to a run's findings and metrics. A gate whose checker threw is
 * `unknown`; so is every gate when the target never answered a single request (nothing
 * can be judged). Verdicts combine as `fail` > `unknown` > `pass`.
 */
export function evaluateGate(
  thresholds: readonly Threshold[],
  check: CheckResult,
  metrics: RunMetrics,
): GateReport {
  if (check.answered === 0) {
    const reason = 'the target never answered: no request got a response, so nothing could be judged';
    const gates = thresholds.map((t) => unknown(thresholdName(t), '-', reason));
    return { verdict: 'unknown', gates, reason };
  }
  const gates = thresholds.flatMap((t) => evaluateOne(t, check, metrics));
  // A checker that threw with no threshold on its kinds still leaves the run half-judged.
  for (const failure of check.failures) {
    if (thresholds.some((t) => t.metric === 'finding' && failure.kinds.includes(t.kind))) continue;
    const reason = `the ${failure.kinds.join('/')} checker failed: ${failure.message}`;
    gates.push(unknown(`${failure.kinds.join('/')} checker`, 'completes', reason));
  }
  return { verdict: combineVerdicts(gates.map((g) => g.verdict)), gates };
}
