import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { isVuOp, parseDuration } from '@sessionchaos/core';
import { validateLabSpec } from '@sessionchaos/lab';
import { chooseHistory, eachHistoryOp, type Summary } from '@sessionchaos/report';
import { labFigures } from '../compare/compare-lab-figures.ts';
import { CompareMeter } from '../compare/compare-meter.ts';
import { compareRow, type CompareRow, type RequestOp } from '../compare/compare-metrics.ts';
import { compareHtml, compareMarkdown } from '../compare/compare-report.ts';
import type { CompareRun } from '../compare/compare-run.ts';
import { COMPARE_GATE_KINDS, compareScenario } from '../compare/compare-scenario.ts';
import {
  COMPARE_STRATEGIES,
  movingParts,
  pickStrategies,
  placementOf,
  type CompareStrategy,
} from '../compare/compare-strategies.ts';
import { EXIT } from '../exit-codes.ts';
import { runScenario } from '../run/run-scenario.ts';

const USAGE = `usage: sessionchaos compare [--strategies a,b,...] [--faults kill|none] [--users N] [--duration D]
                            [--out DIR] [--seed N]

Runs the same load and the same fault plan against each lab strategy in turn and writes one table
(compare.md, compare.html with a chart, compare.json), plus every run's own reports in DIR/<strategy>/.
Strategies: ${COMPARE_STRATEGIES.map((s) => s.name).join(', ')} (default: all).
--faults kill (default): at 40% of the run the busiest app node, or the session store, is killed for
30% of it. Defaults: 20 users, 20s, seed 1, out reports/compare-<time>.
Each row's verdict is its run's gate: no session finding (${COMPARE_GATE_KINDS.join(', ')}).
Load balance (worst node share, hotspot windows) has its own columns and does not fail a row.
`;

/** `sessionchaos compare`: every strategy, the same load and faults, one table. */
export async function compareCommand(argv: string[], out: Writable, err: Writable): Promise<number> {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        strategies: { type: 'string' },
        faults: { type: 'string', default: 'kill' },
        users: { type: 'string', default: '20' },
        duration: { type: 'string', default: '20s' },
        out: { type: 'string' },
        seed: { type: 'string', default: '1' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    err.write(`sessionchaos compare: ${(error as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  if (v.help) {
    out.write(USAGE);
    return EXIT.pass;
  }
  const picked = pickStrategies(
    v.strategies
      ?.split(',')
      .map((n) => n.trim())
      .filter(Boolean),
  );
  const parsed = parseDuration(v.duration ?? '20s');
  const durationMs = typeof parsed === 'number' ? parsed : undefined;
  const users = Number(v.users);
  const seed = Number(v.seed);
  const problems: string[] = [];
  if (!picked.ok)
    problems.push(
      `unknown strategies: ${picked.unknown.join(', ')}. Valid strategies: ${COMPARE_STRATEGIES.map((s) => s.name).join(', ')}`,
    );
  if (v.faults !== 'kill' && v.faults !== 'none')
    problems.push(`--faults "${v.faults}" is unknown. Valid: kill, none`);
  if (durationMs === undefined || durationMs < 5000)
    problems.push('--duration must be a duration of at least 5s (e.g. 20s)');
  if (!Number.isInteger(users) || users < 1) problems.push('--users must be a whole number of at least 1');
  if (!Number.isInteger(seed) || seed < 0) problems.push('--seed must be a whole number >= 0');
  if (problems.length > 0 || !picked.ok || durationMs === undefined) {
    err.write(`sessionchaos compare: ${problems.join('; ')}\n${USAGE}`);
    return EXIT.usage;
  }
  const dir = v.out ?? `reports/compare-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  mkdirSync(dir, { recursive: true });
  const run: CompareRun = {
    users,
    durationMs,
    faults: v.faults as 'kill' | 'none',
    faultAtMs: Math.round(durationMs * 0.4),
    faultForMs: Math.round(durationMs * 0.3),
    seed,
    tookMs: 0,
  };
  const started = Date.now();
  const rows: CompareRow[] = [];
  const strategies = picked.strategies;
  for (const [i, s] of strategies.entries()) {
    const t0 = Date.now();
    err.write(`[${i + 1}/${strategies.length}] ${s.name} (${s.label}): starting its lab and running... `);
    const row = await runOne(s, run, join(dir, s.name));
    const took = ((Date.now() - t0) / 1000).toFixed(0);
    if ('error' in row) {
      err.write(`failed after ${took} s: ${row.error}\n`);
      continue;
    }
    rows.push(row);
    err.write(
      `${took} s: ${row.verdict}, p99 ${row.p99Ms?.toFixed(0) ?? '-'} ms, lost sessions ${Math.round(row.lostShare * 100)}% of users\n`,
    );
  }
  run.tookMs = Date.now() - started;
  writeFileSync(join(dir, 'compare.md'), compareMarkdown(rows, run));
  writeFileSync(join(dir, 'compare.html'), compareHtml(rows, run));
  writeFileSync(join(dir, 'compare.json'), `${JSON.stringify({ run, rows }, null, 2)}\n`);
  out.write(compareMarkdown(rows, run));
  err.write(`reports: ${dir} (compare.md, compare.html, compare.json; each run in ${dir}/<strategy>/)\n`);
  return rows.length === strategies.length ? EXIT.pass : EXIT.environment;
}

/** Runs one strategy's scenario (its lab started and removed) and reads its row from the reports. */
async function runOne(
  s: CompareStrategy,
  run: CompareRun,
  dir: string,
): Promise<CompareRow | { error: string }> {
  const resolved = compareScenario(s, run);
  const lab = validateLabSpec(s.lab);
  if (!resolved.ok) return { error: resolved.errors.map((e) => `${e.path}: ${e.message}`).join('; ') };
  if (!lab.ok) return { error: lab.errors.join('; ') };
  // The run's own lines would bury the progress: kept for the error message only.
  const sink = new PassThrough();
  let lines = '';
  const meter = new CompareMeter({ fill: placementOf(s.lab).sessions !== 'none' });
  sink.on('data', (c: Buffer) => (lines = (lines + c.toString()).slice(-2000)));
  const code = await runScenario({
    loaded: { file: `compare:${s.name}`, scenario: resolved.scenario, lab: lab.spec },
    seed: run.seed,
    outDir: dir,
    dashboard: false,
    keepLab: false,
    meter,
    stdin: process.stdin,
    stdout: process.stdout,
    out: sink,
    err: sink,
  });
  if (code !== EXIT.pass && code !== EXIT.fail && code !== EXIT.unknown)
    return { error: `exit ${code}: ${lines.trim().split('\n').slice(-3).join(' / ')}` };
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
  // The requests that got a latency (VU completions), read as `sessionchaos report` reads the history.
  const ops: RequestOp[] = [];
  await eachHistoryOp(await chooseHistory(dir), [], (op) => {
    if (isVuOp(op) && op.latency !== undefined) ops.push(op);
  });
  const measure = meter.measure;
  return compareRow({ name: s.name, label: s.label, movingParts: movingParts(s.lab) }, summary, ops, {
    figures: labFigures(placementOf(s.lab), measure, ops),
    notes: measure?.notes ?? ['the lab was not measured'],
  });
}
