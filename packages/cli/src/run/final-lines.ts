import { coverageWords } from '@sessionchaos/core';
import type { ReportInput } from '@sessionchaos/report';

const ms = (v: number | null | undefined): string =>
  v === null || v === undefined ? '-' : `${Math.round(v)} ms`;

/** The lines printed when a run ends: verdict, headline figures, findings, failed gates, where the reports are. */
export function finalLines(input: ReportInput, outDir: string, files: string[], crashed: string[]): string[] {
  const a = input.analysis;
  const verdict = a.gate.verdict.toUpperCase();
  const lines = [
    `${verdict}: ${input.scenario.name} (seed ${input.seed})`,
    `  ${a.requests.total} requests, ${a.requests.rps} req/s, p50 ${ms(a.latencyMs.p50)}, p99 ${ms(a.latencyMs.p99)}; ` +
      `${a.users.withLostSession} of ${a.users.total} users lost their session`,
    `  coverage: ${coverageWords(a.coverage)}`,
  ];
  for (const f of a.check.findings)
    lines.push(`  finding ${f.kind} x${f.count} (${f.affectedUsers} users): ${f.detail}`);
  for (const r of a.check.recoveries) {
    if (r.badOps === 0) continue;
    lines.push(
      `  fault ${r.fault}: first bad op after ${ms(r.toFirstBadMs)}, ` +
        (r.recovered ? `steady again after ${ms(r.toSteadyMs)}` : 'never back to steady state'),
    );
  }
  for (const g of a.gate.gates) {
    if (g.verdict === 'pass' || g.nothingToJudge === true) continue;
    lines.push(
      `  gate ${g.verdict === 'fail' ? 'FAILED' : 'UNKNOWN'}: ${g.name} ${g.threshold}, observed ${g.observed ?? '-'}${g.reason ? ` (${g.reason})` : ''}`,
    );
  }
  // One line for gates with nothing to judge: a plain run leaves several of the defaults so.
  const notJudged = a.gate.gates.filter((g) => g.nothingToJudge === true);
  if (notJudged.length > 0)
    lines.push(
      `  not judged (nothing to judge): ${notJudged.map((g) => `${g.name} (${(g.reason ?? '').replace(/^nothing to judge: /, '')})`).join(', ')}`,
    );
  // The journey's diagnosis and its fix, with the scenario's own path in the command when known.
  const file = input.scenario.file ?? '<scenario>';
  if (a.coverage.diagnosis !== undefined) {
    lines.push(`  journey: ${a.coverage.diagnosis}`);
    lines.push(`  fix: ${(a.coverage.fix ?? '').replace('<scenario>', file)}`);
  }
  if (
    a.gate.reason &&
    (a.coverage.diagnosis === undefined || !a.gate.reason.startsWith(a.coverage.diagnosis))
  )
    lines.push(`  ${a.gate.reason}`);
  if (crashed.length > 0)
    lines.push(
      `  ${crashed.length} iteration(s) crashed (a sessionchaos bug); first: ${crashed[0]!.split('\n')[0]}`,
    );
  const expect = input.expect;
  if (expect?.verdict) {
    const as =
      expect.verdict === a.gate.verdict
        ? 'as this scenario expects'
        : `this scenario expects ${expect.verdict}`;
    lines.push(`  verdict ${a.gate.verdict}: ${as}`);
  }
  lines.push(`  reports: ${outDir} (${files.map((f) => f.split('/').pop()).join(', ')})`);
  return lines;
}
