import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import type { Summary } from '@sessionchaos/report';
import { startBrokenTarget, type BrokenTarget } from './helpers/broken-target.ts';
import { writeBrokenScenario } from './helpers/broken-scenario.ts';
import { loadStarted, startCli, STACK_TRACE } from './helpers/cli-process.ts';
import { cli, readSummary } from './helpers/run-cli.ts';

// Real CLI processes against the broken target (no bug on: a correct cluster) on 127.0.0.1, stopped
// with real signals before their fault window (8 s to 16 s of external-target.yaml): the part that ran
// would pass on its own, and no report may say so.

const SCENARIO = fileURLToPath(new URL('../scenarios/external-target.yaml', import.meta.url));

async function tempDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-interrupted-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A 30 s run against `target`, 2 s into its traffic (long before its fault at 8 s). */
async function runningCli(t: ExecutionContext, target: BrokenTarget) {
  const out = join(await tempDir(t), 'out');
  const args = ['run', SCENARIO, '--target', target.url, '--out', out, '--no-dashboard'];
  const run = startCli([...args, '--duration', '30s', '--users', '10', '--allow-exec', '--seed', '1']);
  await run.waitFor(/journey checked/);
  await loadStarted(out);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return { out, run };
}

const read = (out: string, file: string): string => readFileSync(join(out, file), 'utf8');

/** `interrupted at 2.3 s of 30.0 s by Ctrl-C or SIGTERM: 812 requests ran, faults started 0 of 1 (...)`. */
const WORDS =
  /interrupted at (\d+\.\d) s of 30\.0 s by Ctrl-C or SIGTERM: (\d+) requests ran, faults started 0 of 1 \(not started: hook#1 \(exec at 8\.0 s\)\)/;

test('Ctrl-C mid-run: interrupted in summary.json, report.md, report.html, junit.xml and the final lines; exit 130', async (t) => {
  await using target = await startBrokenTarget();
  const { out, run } = await runningCli(t, target);
  run.child.kill('SIGINT');
  const { code } = await run.exited;
  t.is(code, 130, run.err);
  t.notRegex(run.err, STACK_TRACE);

  const summary = JSON.parse(read(out, 'summary.json')) as Summary;
  t.is(summary.verdict, 'interrupted');
  const words = WORDS.exec(summary.verdictReason ?? '');
  t.truthy(words, summary.verdictReason);
  const at = Number(words![1]);
  t.true(at >= 1.5 && at < 8, `stopped at ${at} s`);
  t.is(Number(words![2]), summary.requests.total);
  t.true(summary.requests.total > 0);
  // The part that ran, judged alone, passes: that is exactly what must not be the run's verdict.
  t.regex(summary.verdictReason!, /the part that ran, judged alone, is pass/);
  t.like(summary.interrupted, {
    by: 'signal',
    plannedMs: 30_000,
    faultsStarted: [],
    faultsNotStarted: ['hook#1 (exec at 8.0 s)'],
    partialVerdict: 'pass',
  });
  t.deepEqual(summary.faults, []);

  const md = read(out, 'report.md');
  t.regex(md, /^## ⏹️ INTERRUPTED: external-target/);
  t.regex(md, /\*\*Why interrupted:\*\* interrupted at \d+\.\d s of 30\.0 s/);
  t.notRegex(md, /PASS/);
  const html = read(out, 'report.html');
  t.regex(html, /<span class="verdict interrupted">INTERRUPTED<\/span>/);
  t.regex(html, /<title>sessionchaos: external-target: interrupted<\/title>/);
  const junit = read(out, 'junit.xml');
  t.regex(junit, /<property name="verdict" value="interrupted"\/>/);
  t.regex(
    junit,
    /<testcase name="run completed" classname="external-target" time="0">\s*<error message="interrupted at \d+\.\d s of 30\.0 s by Ctrl-C or SIGTERM: \d+ requests ran, faults started 0 of 1[^"]*" type="interrupted">/,
  );
  t.regex(junit, /<testsuites name="sessionchaos" tests="\d+" failures="0" errors="1"/);
  t.regex(run.out, /^INTERRUPTED: external-target \(seed 1\)$/m);
  t.regex(run.out, WORDS);
  const meta = JSON.parse(read(out, 'run.json')) as { interrupted?: { by: string; atMs: number } };
  t.is(meta.interrupted?.by, 'signal');

  // Checked again from the files, it stays interrupted (exit 2: it could not decide).
  const again = await cli('report', out);
  t.is(again.code, 2, again.err);
  t.regex(again.out, /^INTERRUPTED: external-target/m);
  const rechecked = await readSummary(out);
  t.is(rechecked.verdict, 'interrupted');
  t.is(rechecked.verdictReason, summary.verdictReason);
});

test('SIGKILL mid-run: report <dir> judges what the run left as interrupted, never pass', async (t) => {
  await using target = await startBrokenTarget();
  const { out, run } = await runningCli(t, target);
  run.child.kill('SIGKILL');
  t.is((await run.exited).signal, 'SIGKILL');
  const again = await cli('report', out);
  t.is(again.code, 2, again.err);
  t.notRegex(again.err, STACK_TRACE);
  const summary = await readSummary(out);
  t.is(summary.verdict, 'interrupted');
  t.regex(
    summary.verdictReason ?? '',
    /^interrupted at \d+\.\d s of 30\.0 s before it could write its reports \(killed, or it crashed\): \d+ requests ran, faults started 0 of 1/,
  );
});

test('a run that reached its end keeps its own verdict: run.json no longer says unfinished', async (t) => {
  // The near miss: a complete run (6 s, no bug: a correct cluster) passes, with exit 0.
  await using target = await startBrokenTarget();
  const dir = await tempDir(t);
  const out = join(dir, 'out');
  const scenario = await writeBrokenScenario(dir, target);
  const r = await cli('run', scenario, '--target', target.url, '--out', out, '--no-dashboard');
  t.is(r.code, 0, r.err);
  const summary = await readSummary(out);
  t.is(summary.verdict, 'pass');
  t.is(summary.interrupted, undefined);
  t.is((JSON.parse(read(out, 'run.json')) as { interrupted?: unknown }).interrupted, undefined);
});
