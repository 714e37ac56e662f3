import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { EXIT } from 'sessionchaos';
import { BUGS } from './helpers/bugs.ts';
import { startBrokenTarget } from './helpers/broken-target.ts';
import { writeBrokenScenario } from './helpers/broken-scenario.ts';
import { cli, readSummary } from './helpers/run-cli.ts';

// The broken-target runs of broken-target.test.ts, through the real CLI in this process: the bug is
// switched by the scenario's exec hook (node -e fetch) and healed by its heal hook. One at a time.
// Runs are 6 s; external-target.yaml is cut to 10 s with --duration.

async function tempDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-e2e-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const runFlags = (out: string, url: string): string[] => [
  '--target',
  url,
  '--out',
  out,
  '--no-dashboard',
  '--allow-exec',
  '--seed',
  '1',
];

// The first run in a process loads the CLI's modules (seconds on a slow machine): done here, so that
// no measured run stalls on it.
test.before(async () => {
  await using target = await startBrokenTarget();
  const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-e2e-'));
  try {
    const file = await writeBrokenScenario(dir, target);
    await cli('run', file, ...runFlags(join(dir, 'out'), target.url), '--duration', '500ms');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.serial('run: the correct target exits 0 with no finding', async (t) => {
  await using target = await startBrokenTarget();
  const dir = await tempDir(t);
  const file = await writeBrokenScenario(dir, target);
  const { code, out, err } = await cli('run', file, ...runFlags(join(dir, 'out'), target.url));
  t.is(code, EXIT.pass, `${out}\n${err}`);
  const summary = await readSummary(join(dir, 'out'));
  t.is(summary.verdict, 'pass');
  t.deepEqual(
    summary.findings.map((f) => `${f.kind}: ${f.detail}`),
    [],
  );
  t.is(summary.target.url, target.url);
  t.true((summary.requests.byStatus['200'] ?? 0) > 0, JSON.stringify(summary.requests.byStatus));
});

for (const bug of BUGS) {
  test.serial(`run: the ${bug} bug exits 1 with ${bug} in its hook's window`, async (t) => {
    await using target = await startBrokenTarget();
    const dir = await tempDir(t);
    const file = await writeBrokenScenario(dir, target, bug);
    const { code, out, err } = await cli('run', file, ...runFlags(join(dir, 'out'), target.url));
    t.is(code, EXIT.fail, `${out}\n${err}`);
    const summary = await readSummary(join(dir, 'out'));
    const fault = summary.faults.find((f) => f.id === `break-${bug}#1`);
    t.truthy(fault, JSON.stringify(summary.faults));
    t.true(fault!.healed, `the heal hook did not run: ${JSON.stringify(fault)}`);
    t.deepEqual([...target.active], [], 'the heal hook left the bug on');
    const mine = summary.findings.filter((f) => f.kind === bug);
    t.true(
      mine.some((f) => f.fault === fault!.id),
      `${bug} in ${fault!.id} not found in: ${summary.findings.map((f) => `${f.kind}@${f.fault}`).join(', ')}`,
    );
    t.is(summary.expect?.met, true);
  });
}

test.serial('scenarios/external-target.yaml runs against any URL given with --target', async (t) => {
  const dir = await tempDir(t);
  const short = ['--users', '10', '--duration', '10s'];
  {
    await using correct = await startBrokenTarget();
    const r = await cli(
      'run',
      'scenarios/external-target.yaml',
      ...runFlags(join(dir, 'ok'), correct.url),
      ...short,
    );
    t.is(r.code, EXIT.pass, `${r.out}\n${r.err}`);
    const summary = await readSummary(join(dir, 'ok'));
    t.deepEqual(summary.findings, []);
    t.deepEqual(
      summary.faults.map((f) => [f.id, f.action, f.healed]),
      [['hook#1', 'exec', true]],
    );
  }
  {
    await using fixating = await startBrokenTarget({ bugs: ['session-fixation'] });
    const r = await cli(
      'run',
      'scenarios/external-target.yaml',
      ...runFlags(join(dir, 'bad'), fixating.url),
      ...short,
    );
    t.is(r.code, EXIT.fail, `${r.out}\n${r.err}`);
    const summary = await readSummary(join(dir, 'bad'));
    t.deepEqual([...new Set(summary.findings.map((f) => f.kind))], ['session-fixation']);
  }
});
