import { coverageWords } from '@sessionchaos/core';
import { escapeHtml as h } from './escape.ts';
import { chartSeries, timelineSvg } from './html-chart.ts';
import { STYLE } from './html-style.ts';
import { FAULT_COLUMNS, faultRows } from './fault-rows.ts';
import { findingSpan, findingWindow, int, ms, observed, phaseWords } from './format.ts';
import type { ReportInput } from './run-meta.ts';
import { storyLines, STORIES_INTRO } from './story-lines.ts';
import { expectationLine } from './summary-lines.ts';

function table(head: string[], rows: string[][], numeric: readonly number[] = []): string {
  const cell = (c: string, i: number): string =>
    numeric.includes(i) ? `<td class="n">${c}</td>` : `<td>${c}</td>`;
  return (
    `<table><thead><tr>${head.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>\n` +
    rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('\n') +
    '\n</tbody></table>'
  );
}

function card(label: string, value: string, bad = false): string {
  return `<div class="card${bad ? ' bad' : ''}"><b>${value}</b><span class="muted">${label}</span></div>`;
}

function header(input: ReportInput): string {
  const a = input.analysis;
  const v = a.gate.verdict;
  const strategy = input.target.strategy !== null ? ` (lab: ${h(input.target.strategy)})` : '';
  const expectation = expectationLine(input);
  const statuses = Object.entries(a.requests.byStatus)
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([status, n]) => `${h(status)}: ${int(n)}`)
    .join(' · ');
  return [
    `<header><h1><span class="verdict ${v}">${v.toUpperCase()}</span>${h(input.scenario.name)}</h1>`,
    input.scenario.description !== undefined ? `<p class="desc">${h(input.scenario.description)}</p>` : '',
    `<p class="muted">target ${h(input.target.url)}${strategy} · seed ${input.seed} · ` +
      `started ${h(input.startedAt)} · ${ms(input.durationMs)}</p>`,
    a.gate.reason !== undefined ? `<p><b>Why ${v}:</b> ${h(a.gate.reason)}</p>` : '',
    `<p class="coverage${a.coverage.sufficient ? '' : ' bad'}"><b>Coverage:</b> ${h(coverageWords(a.coverage))}</p>`,
    a.coverage.diagnosis !== undefined && !(a.gate.reason ?? '').includes(a.coverage.diagnosis)
      ? `<p><b>Journey:</b> ${h(a.coverage.diagnosis)}. Fix: ${h(a.coverage.fix ?? '')}</p>`
      : '',
    expectation !== undefined ? `<p>Scenario ${h(expectation)}.</p>` : '',
    '</header>',
    '<section class="cards">',
    card('requests', int(a.requests.total)),
    card('requests / s', String(a.requests.rps)),
    card('p50 latency', ms(a.latencyMs.p50)),
    card('p99 latency', ms(a.latencyMs.p99)),
    card(
      `of ${int(a.users.total)} users lost their session`,
      int(a.users.withLostSession),
      a.users.withLostSession > 0,
    ),
    card('findings', int(a.check.findings.length), a.check.findings.length > 0),
    '</section>',
    statuses ? `<p class="muted">by status: ${statuses}</p>` : '',
  ]
    .filter((s) => s !== '')
    .join('\n');
}

function timeline(input: ReportInput): string {
  const { top, bottom, bin } = chartSeries(input);
  const legend = [...top, ...bottom]
    .map((s) => `<span><i class="${s.style}" style="background:${s.color}"></i>${h(s.label)}</span>`)
    .concat(input.analysis.check.faults.length > 0 ? ['<span><i class="win"></i>fault window</span>'] : [])
    .join('');
  const note = bin > 1 ? `<p class="muted">Mean per second over ${bin}-second bins.</p>` : '';
  return `<section><h2>Timeline</h2><div class="legend">${legend}</div>\n${timelineSvg(input)}${note}</section>`;
}

function gates(input: ReportInput): string {
  const rows = input.analysis.gate.gates.map((g) => [
    g.nothingToJudge === true
      ? '<span class="muted">not judged</span>'
      : `<span class="verdict ${g.verdict}">${g.verdict}</span>`,
    h(g.name),
    h(g.threshold),
    g.observed === null ? h(g.reason ?? '-') : observed(g),
  ]);
  return `<section><h2>Gates</h2>${rows.length === 0 ? '<p>No gates.</p>' : table(['', 'gate', 'threshold', 'observed'], rows)}</section>`;
}

function findings(input: ReportInput): string {
  const a = input.analysis;
  const rows = a.check.findings.map((f) => {
    const phases = phaseWords(f);
    return [
      `<code>${f.kind}</code>`,
      `<span class="tag ${f.severity}">${f.severity}</span>`,
      int(f.count),
      int(f.affectedUsers),
      `${h(findingWindow(f, a.check.faults))}${phases ? `<br><span class="muted">${phases}</span>` : ''}`,
      `${h(f.detail)}<br><span class="muted">${findingSpan(f)} into the run</span>`,
    ];
  });
  const body =
    rows.length === 0
      ? '<p>No findings.</p>'
      : table(['kind', 'severity', 'count', 'users', 'fault window', 'detail'], rows, [2, 3]);
  const stories = storyLines(input);
  const told =
    stories.length === 0
      ? ''
      : `<p class="muted">${h(STORIES_INTRO)}</p><ul class="stories">${stories
          .map(
            (s) =>
              `<li><code>${s.kind}</code>${s.fault !== null ? ` (${h(s.fault)})` : ''}: ${h(s.text)}</li>`,
          )
          .join('')}</ul>`;
  return `<section><h2>Findings</h2>${body}${told}</section>`;
}

function faults(input: ReportInput): string {
  if (input.analysis.check.faults.length === 0) return '';
  const rows = faultRows(input.analysis, h, (s) => `<b>${s}</b>`);
  return `<section><h2>Faults and recovery</h2>${table(FAULT_COLUMNS, rows, [4, 5, 6])}</section>`;
}

function nodes(input: ReportInput): string {
  const totals = new Map<string, number>((input.nodes ?? []).map((n) => [n, 0]));
  for (const b of input.analysis.series)
    for (const [node, n] of Object.entries(b.byNode)) totals.set(node, (totals.get(node) ?? 0) + n);
  if (totals.size === 0) return '';
  const sum = [...totals.values()].reduce((s, n) => s + n, 0);
  const rows = [...totals.entries()]
    .sort(([x], [y]) => x.localeCompare(y, 'en', { numeric: true }))
    .map(([node, n]) => {
      const share = sum > 0 ? (n / sum) * 100 : 0;
      const bar = `<div class="bar"><span style="width:${share.toFixed(1)}%"></span></div>`;
      return [h(node), int(n), `${share.toFixed(1)}%`, bar];
    });
  return `<section><h2>Requests per node</h2>${table(['node', 'requests', 'share', ''], rows, [1, 2])}</section>`;
}

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, font or URL fetched):
 * the verdict and headline numbers, a per-second timeline with fault windows shaded, gates,
 * findings, faults with recovery, and requests per node. Every piece of run text is escaped.
 */
export function renderHtml(input: ReportInput): string {
  const a = input.analysis;
  const notes = (input.notes ?? []).map((n) => `<p>${h(n)}</p>`).join('');
  const pending = a.check.pending > 0 ? `<p>${int(a.check.pending)} requests never completed.</p>` : '';
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(`sessionchaos: ${input.scenario.name}: ${a.gate.verdict}`)}</title>`,
    `<style>${STYLE}</style></head><body><main>`,
    header(input),
    timeline(input),
    gates(input),
    findings(input),
    faults(input),
    nodes(input),
    `<footer>${pending}${notes}<p>${int(a.check.ops)} ops checked. Written by sessionchaos; ` +
      'session ids appear only as short hashes.</p></footer>',
    '</main></body></html>',
    '',
  ]
    .filter((s) => s !== '')
    .join('\n');
}
