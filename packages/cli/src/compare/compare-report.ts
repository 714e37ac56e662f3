import type { CompareRow } from './compare-metrics.ts';
import type { CompareRun } from './compare-run.ts';
import { COMPARE_GATE_KINDS } from './compare-scenario.ts';

const ms = (v: number | null): string =>
  v === null ? '-' : v < 10 ? v.toFixed(1) : Math.round(v).toString();
const pct = (v: number | null): string => (v === null ? '-' : `${Math.round(v * 100)}%`);
const mib = (v: number | null): string => (v === null ? '-' : `${(v / (1024 * 1024)).toFixed(2)} MiB`);
const bytes = (v: number | null): string =>
  v === null ? '-' : Math.abs(v) < 1024 ? `${Math.round(v)} B` : `${(v / 1024).toFixed(1)} KiB`;

function recovery(r: CompareRow): string {
  if (r.recovered === null) return '-';
  if (r.unaffected) return 'unaffected';
  if (!r.recovered || r.recoveryMs === null) return 'not within the run';
  return `${(r.recoveryMs / 1000).toFixed(1)} s`;
}

const HEAD = [
  'strategy',
  'p50 ms',
  'p99 ms',
  'req/s',
  'users who lost their session',
  'recovery after the kill',
  'worst node share',
  'hotspot windows',
  'memory per node per 1,000 sessions',
  'store memory per 1,000 sessions',
  'replication per login',
  'store traffic per login',
  'containers',
  'verdict (session findings)',
  'findings',
];

/** The rows as table cells, in {@link HEAD} order. */
const cells = (r: CompareRow): string[] => [
  r.label,
  ms(r.p50Ms),
  ms(r.p99Ms),
  r.rps === null ? '-' : Math.round(r.rps).toString(),
  pct(r.lostShare),
  recovery(r),
  pct(r.worstNodeShare),
  String(r.hotspotWindows),
  mib(r.memoryPerNode),
  mib(r.storeMemory),
  bytes(r.replicationPerLogin),
  bytes(r.storePerLogin),
  String(r.movingParts),
  r.verdict,
  r.findings.join(', ') || 'none',
];

function describe(run: CompareRun): string {
  const fault =
    run.faults === 'kill'
      ? `at ${run.faultAtMs / 1000} s the busiest app node (or the session store) is killed for ${run.faultForMs / 1000} s`
      : 'no fault';
  return `${run.users} users, ${run.durationMs / 1000} s each, think 200 ms, seed ${run.seed}; ${fault}. Latency, req/s and the worst node share are from the steady state (before the fault); hotspot windows are counted over the whole run. The verdict is each run's gate: no session finding (${COMPARE_GATE_KINDS.join(', ')}); load balance is shown, not gated. Whole comparison: ${(run.tookMs / 60_000).toFixed(1)} min.`;
}

/** How the lab columns were measured: they are read from the lab, not estimated. */
export const MEASURED =
  'Memory: just before the load, after 200 warm-up logins, every container is sampled, 1,000 sessions are ' +
  'created and it is sampled again: the growth of each app node (its heap after a forced collection), and of the ' +
  "store's containers together (the engine's figure, page cache left out), per 1,000 sessions created across " +
  "the cluster. Traffic: iptables byte counters in each app node's network namespace, from the start of the " +
  'load to just before the fault (a killed node takes its counters with it): IP packets sent to the other app ' +
  "nodes (replication, cluster heartbeats included), and exchanged with the store, divided by the users' " +
  'logins of that time. "-": the strategy keeps no session there, or has no such traffic.';

/** The notes of the rows (what could not be measured), one line each. */
const notes = (rows: CompareRow[]): string[] => rows.flatMap((r) => r.notes.map((n) => `${r.label}: ${n}`));

/** The comparison table in Markdown. */
export function compareMarkdown(rows: CompareRow[], run: CompareRun): string {
  const line = (c: string[]): string => `| ${c.join(' | ')} |`;
  return [
    '# Session strategies compared',
    '',
    describe(run),
    '',
    line(HEAD),
    line(HEAD.map(() => '---')),
    ...rows.map((r) => line(cells(r))),
    '',
    MEASURED,
    '',
    ...notes(rows).map((n) => `- ${n}`),
    ...(notes(rows).length > 0 ? [''] : []),
  ].join('\n');
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A horizontal bar chart (inline SVG) of one share per strategy. */
function bars(title: string, rows: CompareRow[], value: (r: CompareRow) => number): string {
  const width = 640;
  const rowH = 22;
  const labelW = 260;
  const items = rows
    .map((r, i) => {
      const v = Math.max(0, Math.min(1, value(r)));
      const y = 24 + i * rowH;
      return (
        `<text x="0" y="${y + 15}" font-size="12">${escape(r.label)}</text>` +
        `<rect x="${labelW}" y="${y + 3}" width="${Math.round(v * (width - labelW - 50))}" height="16" fill="#c0392b"/>` +
        `<text x="${labelW + Math.round(v * (width - labelW - 50)) + 4}" y="${y + 15}" font-size="12">${Math.round(v * 100)}%</text>`
      );
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${30 + rows.length * rowH}"><text x="0" y="14" font-size="13" font-weight="bold">${escape(title)}</text>${items}</svg>`;
}

/** The comparison as one self-contained HTML page: the table and a chart of the users who lost their session. */
export function compareHtml(rows: CompareRow[], run: CompareRun): string {
  const th = HEAD.map((h) => `<th>${escape(h)}</th>`).join('');
  const trs = rows
    .map(
      (r) =>
        `<tr>${cells(r)
          .map((c) => `<td>${escape(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Session strategies compared</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}</style>
</head><body>
<h1>Session strategies compared</h1>
<p>${escape(describe(run))}</p>
<table><thead><tr>${th}</tr></thead><tbody>
${trs}
</tbody></table>
<p>${escape(MEASURED)}</p>
${notes(rows)
  .map((n) => `<p>${escape(n)}</p>`)
  .join('\n')}
<h2>Users who lost their session when one node (or the store) was killed</h2>
${bars('share of users', rows, (r) => r.lostShare)}
</body></html>
`;
}
