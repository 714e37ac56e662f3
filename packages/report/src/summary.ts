import type {
  FaultCoverage,
  FindingKind,
  GateVerdict,
  InterruptionFacts,
  JourneyRole,
  PhaseCounts,
  Severity,
  Verdict,
} from '@sessionchaos/core';
import { JOURNEY_ROLES } from '@sessionchaos/core';
import { round } from './format.ts';
import type { ReportInput } from './run-meta.ts';

/** One finding kind (per fault window) in summary.json. */
export interface SummaryFinding {
  kind: FindingKind;
  count: number;
  firstAtMs: number;
  /** Distinct users affected. */
  users: number;
  /** The fault window it fell in, or `null`. */
  fault: string | null;
  detail: string;
  severity: Severity;
  lastAtMs: number;
  phases: PhaseCounts;
  /** A sample of the affected VU ids. */
  userSample: number[];
  /** The evidence: history indices (`index` in history.ndjson) of a few of its ops, one per user. */
  examples: number[];
}

/** One fault window in summary.json, with how the target recovered from it. */
export interface SummaryFault {
  id: string;
  action: string;
  target: string | null;
  startedAtMs: number;
  endedAtMs: number | null;
  healed: boolean;
  victims: string[];
  error?: string;
  /** Bad ops (anomalies, errors) attributed to the fault. */
  badOps: number;
  /** From fault start to the first bad op (`null`: nothing went wrong). */
  toFirstBadMs: number | null;
  toLastBadMs: number | null;
  /** From fault start until good ops came back for good (`null`: never, or nothing went wrong). */
  recoveryMs: number | null;
  recovered: boolean;
}

/** One gate in summary.json. */
export interface SummaryGate {
  name: string;
  threshold: string;
  observed: number | null;
  passed: boolean | null;
  verdict: GateVerdict;
  reason?: string;
  /** Its checker had nothing to look at: shown as not judged (`reason` says what was missing). */
  nothingToJudge?: boolean;
}

/** summary.json's `coverage`: what the run exercised, and whether that was enough to judge it. */
export interface SummaryCoverage {
  /** The load's users: seen, that completed a login attempt, that ever logged in. */
  users: { total: number; loggedIn: number; triedLogin: number };
  /** Attempts (completed) and successes per journey step; a whoami succeeds when it names the user. */
  roles: Record<JourneyRole, { attempts: number; ok: number }>;
  /**
   * Fault occurrences planned (came due), effective (their effect confirmed) and failed, with each
   * failure's reason and whether the fault was required (a required one makes the verdict `unknown`).
   */
  faults: FaultCoverage;
  /** False: the journey did not work, so the verdict is at best `unknown`. */
  sufficient: boolean;
  /** What went wrong with the journey, and the fix, when not sufficient. */
  diagnosis?: string;
  fix?: string;
}

/** summary.json: the ARCHITECTURE.md contract (these names never change), plus a few extras. */
export interface Summary {
  scenario: string;
  seed: number;
  verdict: Verdict;
  startedAt: string;
  durationMs: number;
  requests: { total: number; byStatus: Record<string, number>; rps: number };
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  users: { total: number; withLostSession: number };
  findings: SummaryFinding[];
  faults: SummaryFault[];
  gates: SummaryGate[];
  coverage: SummaryCoverage;
  /** Why the whole run is `unknown` or `interrupted`, when it is. */
  verdictReason?: string;
  /** The run was stopped before its plan ended (verdict `interrupted`): when, by what, what ran. */
  interrupted?: InterruptionFacts;
  description?: string;
  target: { url: string; strategy: string | null };
  /** What the scenario says it demonstrates, and whether this run did. */
  expect?: { verdict?: Verdict; findings?: FindingKind[]; met: boolean };
  /** Ops in the history, and invokes that never completed. */
  history: { ops: number; pending: number };
  notes?: string[];
}

// Latencies keep 0.1 ms (a lab on localhost answers in a few ms); run times are whole ms.
const latency = (v: number): number => round(v, 1);
const whole = (v: number): number => Math.round(v);
const wholeOrNull = (v: number | null): number | null => (v === null ? null : Math.round(v));

/** Whether a run did what its scenario's `expect` says. */
export function expectationMet(input: ReportInput): boolean {
  const e = input.expect;
  if (!e) return true;
  if (e.verdict !== undefined && e.verdict !== input.analysis.gate.verdict) return false;
  const kinds = new Set(input.analysis.check.findings.map((f) => f.kind));
  return (e.findings ?? []).every((k) => kinds.has(k));
}

/** summary.json for a run. */
export function buildSummary(input: ReportInput): Summary {
  const a = input.analysis;
  const recoveries = new Map(a.check.recoveries.map((r) => [r.fault, r]));
  const summary: Summary = {
    scenario: input.scenario.name,
    seed: input.seed,
    verdict: a.gate.verdict,
    startedAt: input.startedAt,
    durationMs: whole(input.durationMs),
    requests: { total: a.requests.total, byStatus: { ...a.requests.byStatus }, rps: a.requests.rps },
    latencyMs: {
      p50: latency(a.latencyMs.p50),
      p90: latency(a.latencyMs.p90),
      p99: latency(a.latencyMs.p99),
      max: latency(a.latencyMs.max),
    },
    users: { ...a.users },
    findings: a.check.findings.map((f) => ({
      kind: f.kind,
      count: f.count,
      firstAtMs: whole(f.firstAtMs),
      users: f.affectedUsers,
      fault: f.fault,
      detail: f.detail,
      severity: f.severity,
      lastAtMs: whole(f.lastAtMs),
      phases: { ...f.phases },
      userSample: [...f.users],
      examples: [...f.examples],
    })),
    faults: a.check.faults.map((w) => {
      const r = recoveries.get(w.id);
      return {
        id: w.id,
        action: w.action,
        target: w.target ?? null,
        startedAtMs: whole(w.startedAtMs),
        endedAtMs: wholeOrNull(w.endedAtMs),
        healed: w.healed,
        victims: [...w.victims],
        ...(w.error !== undefined ? { error: w.error } : {}),
        badOps: r?.badOps ?? 0,
        toFirstBadMs: wholeOrNull(r?.toFirstBadMs ?? null),
        toLastBadMs: wholeOrNull(r?.toLastBadMs ?? null),
        recoveryMs: wholeOrNull(r?.toSteadyMs ?? null),
        recovered: r?.recovered ?? true,
      };
    }),
    gates: a.gate.gates.map((g) => ({
      name: g.name,
      threshold: g.threshold,
      observed: g.observed === null ? null : Number(g.observed.toPrecision(6)),
      passed: g.passed,
      verdict: g.verdict,
      ...(g.reason !== undefined ? { reason: g.reason } : {}),
      ...(g.nothingToJudge === true ? { nothingToJudge: true } : {}),
    })),
    coverage: {
      users: {
        total: a.coverage.users.total,
        loggedIn: a.coverage.users.loggedIn,
        triedLogin: a.coverage.users.triedLogin,
      },
      roles: Object.fromEntries(
        JOURNEY_ROLES.map((r) => [r, { ...a.coverage.roles[r] }]),
      ) as SummaryCoverage['roles'],
      faults: { ...a.coverage.faults, failures: a.coverage.faults.failures.map((f) => ({ ...f })) },
      sufficient: a.coverage.sufficient,
      ...(a.coverage.diagnosis !== undefined ? { diagnosis: a.coverage.diagnosis } : {}),
      ...(a.coverage.fix !== undefined ? { fix: a.coverage.fix } : {}),
    },
    target: { ...input.target },
    history: { ops: a.check.ops, pending: a.check.pending },
  };
  if (a.gate.reason !== undefined) summary.verdictReason = a.gate.reason;
  if (a.gate.interrupted !== undefined) summary.interrupted = { ...a.gate.interrupted };
  if (input.scenario.description !== undefined) summary.description = input.scenario.description;
  if (input.expect) summary.expect = { ...input.expect, met: expectationMet(input) };
  if (input.notes && input.notes.length > 0) summary.notes = [...input.notes];
  return summary;
}
