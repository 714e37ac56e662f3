import type { FindingKind } from '../checkers/finding.ts';
import { FINDING_KINDS } from '../checkers/finding.ts';
import type { MetricScope } from '../metrics/run-metrics.ts';

/** Fields every threshold has. */
interface ThresholdBase {
  /** Shown in reports and JUnit; a default is derived from the threshold itself. */
  name?: string;
  /** The part of the run it applies to (default `all`); "after" means `afterFaultMs` after a heal. */
  scope?: MetricScope;
  /**
   * Set on the default gate (the scenario wrote none): such a gate with nothing to judge is
   * shown as not judged and left out of the verdict, where a gate the scenario wrote makes it `unknown`.
   */
  implicit?: boolean;
}

/** At most `maxCount` occurrences of a finding kind, and/or at most `maxRate` per request. */
export interface FindingThreshold extends ThresholdBase {
  metric: 'finding';
  kind: FindingKind;
  maxCount?: number;
  maxRate?: number;
}

/** Latency at a percentile (0–100) at most `maxMs`. */
export interface LatencyThreshold extends ThresholdBase {
  metric: 'latency';
  percentile: number;
  maxMs: number;
}

/** Share of requests that were errors (no answer, or a 5xx; refusals are judged by the session checkers) at most `max` (0–1). */
export interface ErrorRateThreshold extends ThresholdBase {
  metric: 'error-rate';
  max: number;
}

/** One gate threshold, from the scenario. */
export type Threshold = FindingThreshold | LatencyThreshold | ErrorRateThreshold;

/** The verdict of one gate: `fail` > `unknown` > `pass`. */
export type GateVerdict = 'pass' | 'fail' | 'unknown';

/**
 * The verdict of a whole run: a gate's, or `interrupted` when the run was stopped before its plan
 * ended (Ctrl-C, SIGTERM, `q`, or killed): a part of a run never passes (see interruption.ts).
 */
export type Verdict = GateVerdict | 'interrupted';

/** One gate as summary.json reports it. */
export interface GateResult {
  name: string;
  /** The limit, in words (`<= 0`, `<= 250 ms`). */
  threshold: string;
  observed: number | null;
  /** `null` when the gate could not be judged (verdict `unknown`). */
  passed: boolean | null;
  verdict: GateVerdict;
  /** Why it is `unknown`. */
  reason?: string;
  /** Its checker had nothing to look at (`reason` says what was missing, e.g. no successful read). */
  nothingToJudge?: boolean;
}

/** The default gate when a scenario sets none: no finding of any kind (each `implicit`). */
export const DEFAULT_THRESHOLDS: readonly Threshold[] = FINDING_KINDS.map((kind) => ({
  metric: 'finding',
  kind,
  maxCount: 0,
  implicit: true,
}));

/** A readable default name, e.g. `lost-session count (during-fault)`, `p99 latency`. */
export function thresholdName(t: Threshold): string {
  if (t.name !== undefined) return t.name;
  const scope = t.scope && t.scope !== 'all' ? ` (${t.scope})` : '';
  if (t.metric === 'finding')
    return `${t.kind} ${t.maxRate !== undefined && t.maxCount === undefined ? 'rate' : 'count'}${scope}`;
  if (t.metric === 'latency') return `p${t.percentile} latency${scope}`;
  return `error rate${scope}`;
}

/** Combines verdicts: any `fail` fails; else any `unknown` is unknown; else pass. */
export function combineVerdicts(verdicts: Iterable<GateVerdict>): GateVerdict {
  let out: GateVerdict = 'pass';
  for (const v of verdicts) {
    if (v === 'fail') return 'fail';
    if (v === 'unknown') out = 'unknown';
  }
  return out;
}
