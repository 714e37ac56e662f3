import { FINDING_KINDS } from '../checkers/finding.ts';
import type { Threshold } from '../gate/threshold.ts';
import type { MetricScope } from '../metrics/run-metrics.ts';
import { keysOf } from './fields/field.ts';
import { GATE_KINDS, SCOPES } from './fields/gate-fields.ts';
import { durationAt, unknownKeys } from './spec-fields.ts';
import type { SpecErrors } from './spec-error.ts';

export { SCOPES } from './fields/gate-fields.ts';
/** Fields of each kind of gate threshold: a finding count or rate, a latency percentile, the error rate. */
export const GATE_KEYS = {
  finding: keysOf(GATE_KINDS.finding),
  latency: keysOf(GATE_KINDS.latency),
  errorRate: keysOf(GATE_KINDS.errorRate),
};
const FORMS =
  '{finding: KIND, max: N}, {finding: KIND, maxRate: R}, {latency: p99, max: 800ms} or {errorRate: 0.02}';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A percentile written `p99`, `p99.9` or `99`. */
function percentile(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : Number(String(value).replace(/^p/i, ''));
  return Number.isFinite(n) && n > 0 && n <= 100 ? n : undefined;
}

/** Turns a scenario's `gate:` list into core thresholds, recording every problem. */
export function resolveGate(errors: SpecErrors, raw: unknown): Threshold[] {
  if (!Array.isArray(raw)) {
    errors.add('gate', `must be a list of thresholds: ${FORMS}`);
    return [];
  }
  const out: Threshold[] = [];
  raw.forEach((g: unknown, i) => {
    const at = `gate[${i}]`;
    if (!isObject(g)) {
      errors.add(at, `must be one of ${FORMS}`);
      return;
    }
    const base: { name?: string; scope?: MetricScope } = {};
    if (g.name !== undefined) base.name = String(g.name);
    if (g.scope !== undefined) {
      errors.oneOf(`${at}.scope`, g.scope, SCOPES);
      base.scope = g.scope as MetricScope;
    }
    if (g.finding !== undefined) {
      unknownKeys(errors, at, g, GATE_KEYS.finding);
      errors.oneOf(`${at}.finding`, g.finding, FINDING_KINDS);
      const t: Threshold = { metric: 'finding', kind: g.finding as (typeof FINDING_KINDS)[number], ...base };
      if (g.max !== undefined && errors.number(`${at}.max`, g.max, 0)) t.maxCount = g.max as number;
      if (g.maxRate !== undefined && errors.number(`${at}.maxRate`, g.maxRate, 0, 1))
        t.maxRate = g.maxRate as number;
      if (g.max === undefined && g.maxRate === undefined) t.maxCount = 0;
      out.push(t);
    } else if (g.latency !== undefined) {
      unknownKeys(errors, at, g, GATE_KEYS.latency);
      const p = percentile(g.latency);
      if (p === undefined)
        errors.add(
          `${at}.latency`,
          `${JSON.stringify(g.latency)} is not a percentile: write p50, p99 or p99.9`,
        );
      const maxMs = durationAt(errors, `${at}.max`, g.max);
      if (g.max === undefined) errors.add(`${at}.max`, 'a latency threshold needs max (e.g. 800ms)');
      if (p !== undefined && maxMs !== undefined)
        out.push({ metric: 'latency', percentile: p, maxMs, ...base });
    } else if (g.errorRate !== undefined) {
      unknownKeys(errors, at, g, GATE_KEYS.errorRate);
      if (errors.number(`${at}.errorRate`, g.errorRate, 0, 1))
        out.push({ metric: 'error-rate', max: g.errorRate as number, ...base });
    } else {
      errors.add(at, `names no metric. Write one of ${FORMS}`);
    }
  });
  return out;
}
