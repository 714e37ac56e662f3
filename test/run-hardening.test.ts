import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { startBrokenTarget, type BrokenTarget } from './helpers/broken-target.ts';
import { writeBrokenScenario } from './helpers/broken-scenario.ts';
import { loadStarted, startCli, STACK_TRACE } from './helpers/cli-process.ts';
import { cli } from './helpers/run-cli.ts';

// Real CLI processes against real servers on 127.0.0.1, and real signals: what a careful user
// does to the tool (a bad --out, Ctrl-C, SIGKILL) must not crash it, lie, or leave a run that
// cannot be checked again.

async function tempDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-hard-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('--out under a regular file is refused with 64 and a message before any request is sent', async (t) => {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await tempDir(t);
  await using target = await startBrokenTarget();
  const scenario = await writeBrokenScenario(dir, target);
  const file = join(dir, 'a-file');
  await writeFile(file, 'not a directory');
  const run = startCli(['run', scenario, '--target', url, '--out', join(file, 'out'), '--no-dashboard']);
  const { code } = await run.exited;
  t.is(code, 64, run.err);
  t.regex(
    run.err,
    /cannot write the reports to .*a-file\/out - a part of the path is a file, not a directory\. Choose another directory with --out\./,
  );
  t.notRegex(run.err, STACK_TRACE);
  t.is(requests, 0);
});

/** A 60 s CLI run against `target`, 1.5 s into its traffic; its reports go to `out`. */
async function runningCli(t: ExecutionContext, target: BrokenTarget) {
  const dir = await tempDir(t);
  const scenario = await writeBrokenScenario(dir, target);
  const out = join(dir, 'out');
  const run = startCli([
    'run',
    scenario,
    '--target',
    target.url,
    '--out',
    out,
    '--no-dashboard',
    '--duration',
    '60s',
  ]);
  await run.waitFor(/journey checked/);
  await loadStarted(out);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return { out, run };
}

test('Ctrl-C mid-run: a correct target is not blamed for the requests the tool cut short', async (t) => {
  await using target = await startBrokenTarget();
  const { out, run } = await runningCli(t, target);
  run.child.kill('SIGINT');
  await run.exited;
  t.notRegex(run.err, STACK_TRACE);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
    findings: { kind: string }[];
    requests: { byStatus: Record<string, number> };
  };
  t.deepEqual(
    summary.findings.map((f) => f.kind).filter((k) => k === 'error-spike'),
    [],
    JSON.stringify(summary.findings),
  );
  const noAnswer = readFileSync(join(out, 'history.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"info"') && !l.includes('"status"'));
  t.is(summary.requests.byStatus.error ?? 0, 0, noAnswer.join('\n'));
});

test('SIGKILL mid-run: run.json was written at the start, so report <dir> re-checks the history left behind', async (t) => {
  await using target = await startBrokenTarget();
  const { out, run } = await runningCli(t, target);
  run.child.kill('SIGKILL');
  const { signal } = await run.exited;
  t.is(signal, 'SIGKILL');
  t.true(existsSync(join(out, 'run.json')));
  t.false(existsSync(join(out, 'summary.json')));
  const again = await cli('report', out);
  t.true([0, 1, 2].includes(again.code), again.err);
  t.notRegex(again.err, STACK_TRACE);
  t.true(existsSync(join(out, 'summary.json')), again.err);
});
