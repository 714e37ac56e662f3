import type { Verdict } from '@sessionchaos/core';
import { coverageWords } from '@sessionchaos/core';
import { escapeMarkdown as e } from './escape.ts';
import { FAULT_COLUMNS, faultRows } from './fault-rows.ts';
import { findingWindow, int, ms, observed, phaseWords } from './format.ts';
import type { ReportInput } from './run-meta.ts';
import { storyLines, STORIES_INTRO } from './story-lines.ts';
import { expectationLine } from './summary-lines.ts';

const MARK: Record<Verdict, string> = { pass: '✅', fail: '❌', unknown: '❔', interrupted: '⏹️' };

function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

/**
 * report.md, sized for a GitHub Actions step summary: the verdict, the headline numbers, then
 * gates, findings and faults (with recovery) as tables. Plain Markdown, every value escaped.
 */
export function renderMarkdown(input: ReportInput): string {
  const a = input.analysis;
  const verdict = a.gate.verdict;
  const out: string[] = [`## ${MARK[verdict]} ${verdict.toUpperCase()}: ${e(input.scenario.name)}`, ''];
  if (input.scenario.description !== undefined && input.scenario.description.trim() !== '')
    out.push(`_${e(input.scenario.description.trim())}_`, '');
  if (a.gate.reason !== undefined) out.push(`**Why ${verdict}:** ${e(a.gate.reason)}`, '');
  const strategy = input.target.strategy !== null ? ` (lab: ${e(input.target.strategy)})` : '';
  out.push(
    `**${int(a.requests.total)}** requests · **${a.requests.rps}** rps · ` +
      `p50 **${ms(a.latencyMs.p50)}** · p99 **${ms(a.latencyMs.p99)}** · ` +
      `**${int(a.users.withLostSession)}** of ${int(a.users.total)} users lost their session`,
    '',
    `Coverage: ${e(coverageWords(a.coverage))}`,
    '',
    `Target ${e(input.target.url)}${strategy} · seed ${input.seed} · ${ms(input.durationMs)} from ${e(input.startedAt)}`,
  );
  if (a.coverage.diagnosis !== undefined && !(a.gate.reason ?? '').includes(a.coverage.diagnosis))
    out.push('', `**Journey:** ${e(a.coverage.diagnosis)}. Fix: ${e(a.coverage.fix ?? '')}`);
  const expectation = expectationLine(input);
  if (expectation !== undefined) out.push('', `Scenario ${e(expectation)}.`);

  out.push('', '### Gates', '');
  if (a.gate.gates.length === 0) out.push('No gates.');
  else
    out.push(
      ...table(
        ['', 'gate', 'threshold', 'observed'],
        a.gate.gates.map((g) => [
          g.nothingToJudge === true ? '➖ not judged' : MARK[g.verdict],
          e(g.name),
          e(g.threshold),
          g.observed === null ? e(g.reason ?? '-') : observed(g),
        ]),
      ),
    );

  out.push('', '### Findings', '');
  if (a.check.findings.length === 0) out.push('No findings.');
  else
    out.push(
      ...table(
        ['kind', 'severity', 'count', 'users', 'fault window', 'detail'],
        a.check.findings.map((f) => {
          const phases = phaseWords(f);
          return [
            `\`${f.kind}\``,
            f.severity,
            int(f.count),
            int(f.affectedUsers),
            e(findingWindow(f, a.check.faults)) + (phases ? ` · ${phases}` : ''),
            e(f.detail),
          ];
        }),
      ),
    );

  const stories = storyLines(input);
  if (stories.length > 0) {
    out.push('', STORIES_INTRO, '');
    for (const s of stories)
      out.push(`- \`${s.kind}\`${s.fault !== null ? ` (${e(s.fault)})` : ''}: ${e(s.text)}`);
  }

  if (a.check.faults.length > 0) {
    out.push('', '### Faults', '');
    out.push(
      ...table(
        FAULT_COLUMNS,
        faultRows(a, e, (s) => `**${s}**`),
      ),
    );
  }
  if (a.check.pending > 0) out.push('', `${int(a.check.pending)} requests never completed.`);
  for (const note of input.notes ?? []) out.push('', `> ${e(note)}`);
  out.push('');
  return out.join('\n');
}
