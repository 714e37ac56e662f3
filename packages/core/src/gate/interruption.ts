import type { FaultWindow } from '../checkers/fault-windows.ts';
import type { RunAnalysis } from './analyze-run.ts';
import type { GateReport } from './evaluate-gate.ts';

/**
 * How a run ended before its plan did. Kept in run.json, so that `sessionchaos report <dir>` and
 * `merge` judge the run again as interrupted: a part of a run is not the run.
 */
export interface Interruption {
  /**
   * `signal`: Ctrl-C or SIGTERM; `user`: the dashboard's `q`; `unfinished`: the process ended
   * (SIGKILL, a crash, a second Ctrl-C) before it wrote its reports: what run.json says while a run is under way.
   */
  by: 'signal' | 'user' | 'unfinished';
  /** Run-clock ms at which the load was stopped; absent for `unfinished` (the history's span tells). */
  atMs?: number;
  /** The load's planned length; absent when the load is bounded by iterations. */
  plannedMs?: number;
  /** Every fault occurrence the plan held: its key (the history's fault id), action and start. */
  plannedFaults: { id: string; action: string; startMs: number }[];
  /** In a merged run, the shards that were interrupted. */
  shards?: number[];
}

/** What of an interrupted run actually ran, for its reason and for summary.json. */
export interface InterruptionFacts {
  by: Interruption['by'];
  atMs: number;
  plannedMs: number | null;
  requests: number;
  /** Planned fault occurrences that started (the history holds them), and those that never did. */
  faultsStarted: string[];
  faultsNotStarted: string[];
  /** The verdict the part that ran would have had on its own: never the run's. */
  partialVerdict: GateReport['verdict'];
  shards?: number[];
}

const BY_WORDS: Record<Interruption['by'], string> = {
  signal: 'by Ctrl-C or SIGTERM',
  user: 'by the user (q in the dashboard)',
  unfinished: 'before it could write its reports (killed, or it crashed)',
};

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Which of the plan's faults ran: a planned occurrence with a fault window in the history started. */
export function interruptionFacts(
  i: Interruption,
  gate: GateReport,
  ran: { requests: number; spanMs: number; faults: readonly FaultWindow[] },
): InterruptionFacts {
  const seen = new Set(ran.faults.map((w) => w.id));
  const started = i.plannedFaults.filter((f) => seen.has(f.id));
  const notStarted = i.plannedFaults.filter((f) => !seen.has(f.id));
  return {
    by: i.by,
    atMs: Math.round(i.atMs ?? ran.spanMs),
    plannedMs: i.plannedMs ?? null,
    requests: ran.requests,
    faultsStarted: started.map((f) => f.id),
    faultsNotStarted: notStarted.map((f) => `${f.id} (${f.action} at ${seconds(f.startMs)})`),
    partialVerdict: gate.verdict,
    ...(i.shards !== undefined ? { shards: i.shards } : {}),
  };
}

/** `interrupted at 5.7 s of 30.0 s by Ctrl-C or SIGTERM: 1234 requests, faults started 0 of 1 (not started: ...)`. */
export function interruptionWords(f: InterruptionFacts): string {
  const who = f.shards !== undefined ? `shard ${f.shards.join(', ')} ` : '';
  const of = f.plannedMs !== null ? ` of ${seconds(f.plannedMs)}` : ' (before its iterations were done)';
  const planned = f.faultsStarted.length + f.faultsNotStarted.length;
  const faults =
    planned === 0
      ? 'no fault planned'
      : `faults started ${f.faultsStarted.length} of ${planned}` +
        (f.faultsNotStarted.length > 0 ? ` (not started: ${f.faultsNotStarted.join(', ')})` : '');
  return (
    `${who}interrupted at ${seconds(f.atMs)}${of} ${BY_WORDS[f.by]}: ${f.requests} requests ran, ${faults}; ` +
    `the part that ran, judged alone, is ${f.partialVerdict}, but a part of a run is not the run. ` +
    'Run it again to the end for a verdict'
  );
}

/**
 * The gate of an interrupted run: verdict `interrupted` whatever the part that ran would give
 * (a pass of 5 s of a 30 s plan, before its fault, claims what nobody observed), each gate kept as
 * judged so that a failure seen before the interruption still shows, and the reason saying what ran.
 */
export function interruptGate(gate: GateReport, facts: InterruptionFacts): GateReport {
  return { verdict: 'interrupted', gates: gate.gates, reason: interruptionWords(facts), interrupted: facts };
}

/**
 * A run's analysis judged as interrupted by `i` (the analysis itself is left as it is). What ran
 * comes from the history: its requests, its fault windows, and its span when `i` has no instant.
 */
export function interruptAnalysis<A extends RunAnalysis>(analysis: A, i: Interruption): A {
  const facts = interruptionFacts(i, analysis.gate, {
    requests: analysis.requests.total,
    spanMs: analysis.metrics.durationMs,
    faults: analysis.check.faults,
  });
  return { ...analysis, gate: interruptGate(analysis.gate, facts) };
}
