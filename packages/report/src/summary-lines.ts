import { coverageWords } from '@sessionchaos/core';
import { faultAction, faultSpan, findingLine, int, ms, observed, plural, recoveryWords } from './format.ts';
import type { ReportInput } from './run-meta.ts';
import { expectationMet } from './summary.ts';

/** The headline numbers in one line: requests, rps, p50/p99, users with a lost session. */
export function headline(input: ReportInput): string {
  const a = input.analysis;
  return (
    `${plural(a.requests.total, 'request')} at ${a.requests.rps} rps, ` +
    `p50 ${ms(a.latencyMs.p50)}, p99 ${ms(a.latencyMs.p99)}, ` +
    `${int(a.users.withLostSession)} of ${plural(a.users.total, 'user')} lost their session`
  );
}

/** What the scenario expected and whether the run did it, or undefined when it says nothing. */
export function expectationLine(input: ReportInput): string | undefined {
  const e = input.expect;
  if (!e || (e.verdict === undefined && (e.findings ?? []).length === 0)) return undefined;
  const parts: string[] = [];
  if (e.verdict !== undefined) parts.push(`verdict ${e.verdict}`);
  if (e.findings && e.findings.length > 0) parts.push(`findings ${e.findings.join(', ')}`);
  return `expected ${parts.join(' and ')}: ${expectationMet(input) ? 'as expected' : 'NOT as expected'}`;
}

/** The run as plain text lines (JUnit's system-out; a fallback for any plain output). */
export function summaryLines(input: ReportInput): string[] {
  const a = input.analysis;
  const lines = [
    `sessionchaos ${input.scenario.name}: ${a.gate.verdict.toUpperCase()}` +
      (a.gate.reason !== undefined ? ` (${a.gate.reason})` : ''),
    `target ${input.target.url}${input.target.strategy !== null ? ` (lab: ${input.target.strategy})` : ''}, ` +
      `seed ${input.seed}, started ${input.startedAt}, ${ms(input.durationMs)}`,
    headline(input),
    `coverage: ${coverageWords(a.coverage)}`,
  ];
  if (a.coverage.diagnosis !== undefined && !(a.gate.reason ?? '').includes(a.coverage.diagnosis))
    lines.push(`journey: ${a.coverage.diagnosis}. Fix: ${a.coverage.fix ?? ''}`);
  const expectation = expectationLine(input);
  if (expectation !== undefined) lines.push(expectation);
  for (const g of a.gate.gates) {
    const seen = g.observed === null ? (g.reason ?? 'not judged') : `observed ${observed(g)}`;
    const mark = g.nothingToJudge === true ? 'NOT JUDGED' : g.verdict.toUpperCase();
    lines.push(`gate ${mark}: ${g.name} ${g.threshold}, ${seen}`);
  }
  for (const f of a.check.findings) lines.push(`finding ${findingLine(f, a.check.faults)}`);
  const recoveries = new Map(a.check.recoveries.map((r) => [r.fault, r]));
  for (const w of a.check.faults) {
    const r = recoveryWords(recoveries.get(w.id));
    lines.push(
      `fault ${w.id}: ${faultAction(w)}, ${faultSpan(w)}${w.error !== undefined ? `, error: ${w.error}` : ''}; ` +
        `first bad op after ${r.firstBad}, steady again after ${r.steady}`,
    );
  }
  if (a.check.pending > 0) lines.push(`${plural(a.check.pending, 'request')} never completed`);
  for (const note of input.notes ?? []) lines.push(`note: ${note}`);
  return lines;
}
