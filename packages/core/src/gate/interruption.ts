import type { FaultWindow } from '../checkers/fault-windows.ts';
import type { RunAnalysis } from './analyze-run.ts';
import type { GateReport } from './evaluate-gate.ts';
import type { Interruption, InterruptionFacts } from './interruption-facts.ts';

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
