import type { Summary } from '@sessionchaos/report';
import { NO_FIGURES, type LabFigures } from './compare-lab-figures.ts';

/** One row of the comparison table: measured values, `null` where the run had nothing to measure. */
export interface CompareRow extends LabFigures {
  strategy: string;
  label: string;
  /** The run's verdict under the compare gate: session findings only (compare-scenario.ts). */
  verdict: Summary['verdict'];
  /** Latency of the users' requests before the fault (steady state), ms. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Completed requests a second before the fault, the same users and think time for every strategy. */
  rps: number | null;
  /** Share (0..1) of the load's users with a lost session. */
  lostShare: number;
  /** From the kill until good answers came back for good, ms (`null`: nothing went wrong, or no fault). */
  recoveryMs: number | null;
  /** Whether the target recovered from the fault before the run ended (`null`: no fault). */
  recovered: boolean | null;
  /** The fault caused no bad answer at all. */
  unaffected: boolean;
  /** Share (0..1) of the steady-state requests served by the busiest node. */
  worstNodeShare: number | null;
  /** Windows of the whole run where one node served too many live sessions (hotspot findings): shown, not gated. */
  hotspotWindows: number;
  /** Containers the lab runs. */
  movingParts: number;
  /** Finding kinds of the run, most frequent first. */
  findings: string[];
  /** What the lab figures could not measure, and why. */
  notes: string[];
}

/** A completion of a user's request in the history (the fields the comparison reads). */
export interface RequestOp {
  process: number | string;
  type: string;
  time: number;
  latency?: number;
  node?: string;
  step?: string;
}

const percentile = (sorted: number[], p: number): number | null =>
  sorted.length === 0
    ? null
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? null);

/**
 * The row of one strategy's run: steady state is from `warmUpMs` to the first fault (or the whole run without
 * one), users' requests only (not probes, not faults).
 */
export function compareRow(
  strategy: { name: string; label: string; movingParts: number },
  summary: Summary,
  ops: RequestOp[],
  lab: { figures: LabFigures; notes: string[] } = { figures: NO_FIGURES, notes: [] },
  warmUpMs = 2000,
): CompareRow {
  const faultAt = summary.faults[0]?.startedAtMs ?? Number.POSITIVE_INFINITY;
  const steady = ops.filter(
    (o) => typeof o.process === 'number' && o.type === 'ok' && o.time >= warmUpMs && o.time < faultAt,
  );
  const latencies = steady.map((o) => o.latency ?? 0).sort((a, b) => a - b);
  const end = Math.min(faultAt, summary.durationMs);
  const seconds = (end - warmUpMs) / 1000;
  const byNode = new Map<string, number>();
  for (const o of steady) if (o.node) byNode.set(o.node, (byNode.get(o.node) ?? 0) + 1);
  const withNode = [...byNode.values()].reduce((a, b) => a + b, 0);
  const fault = summary.faults[0];
  const kinds = [...summary.findings].sort((a, b) => b.count - a.count).map((f) => f.kind);
  return {
    strategy: strategy.name,
    label: strategy.label,
    verdict: summary.verdict,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    rps: seconds > 0 ? steady.length / seconds : null,
    lostShare: summary.users.total > 0 ? summary.users.withLostSession / summary.users.total : 0,
    recoveryMs: fault?.recoveryMs ?? null,
    recovered: fault ? fault.recovered : null,
    unaffected: fault !== undefined && fault.toFirstBadMs === null,
    worstNodeShare: withNode > 0 ? Math.max(...byNode.values()) / withNode : null,
    hotspotWindows: summary.findings.filter((f) => f.kind === 'hotspot').reduce((n, f) => n + f.count, 0),
    movingParts: strategy.movingParts,
    findings: [...new Set(kinds)],
    ...lab.figures,
    notes: lab.notes,
  };
}
