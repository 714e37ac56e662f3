import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { EXIT } from 'sessionchaos';
import { startBrokenTarget, type BrokenTarget } from './helpers/broken-target.ts';
import { cli, readSummary } from './helpers/run-cli.ts';

// Faults that did not take effect, through the real CLI against a correct cluster of our own on
// 127.0.0.1: a resilience gate must not pass a run whose fault never hit (issue 23).

async function tempDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-faults-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A 3 s scenario against `target` with one fault (JSON is YAML). */
async function scenarioWith(dir: string, target: BrokenTarget, fault: object): Promise<string> {
  const scenario = {
    name: 'fault-confirmed',
    description: 'A correct cluster and one fault that may not take effect.',
    target: { url: target.url, nodes: target.nodeUrls },
    load: { users: 5, duration: '3s', think: 50 },
    faults: [fault],
  };
  const file = join(dir, 'scenario.yaml');
  await writeFile(file, JSON.stringify(scenario, null, 2));
  return file;
}

const flags = (out: string): string[] => [
  '--out',
  out,
  '--no-dashboard',
  '--allow-exec',
  '--allow-external',
  '--seed',
  '3',
];

/** Runs the scenario and returns its exit, output, summary and the text reports. */
async function runIt(t: ExecutionContext, fault: object) {
  await using target = await startBrokenTarget();
  const dir = await tempDir(t);
  const out = join(dir, 'out');
  const result = await cli('run', await scenarioWith(dir, target, fault), ...flags(out));
  const summary = await readSummary(out);
  const md = await readFile(join(out, 'report.md'), 'utf8');
  const junit = await readFile(join(out, 'junit.xml'), 'utf8');
  return { ...result, summary, md, junit };
}

test.serial(
  'an exec hook that exits 1: unknown, exit 2, the reason names the fault and its output',
  async (t) => {
    const r = await runIt(t, {
      id: 'kill-web',
      action: 'exec',
      at: '1s',
      params: { command: 'echo "Error: No such container: web-9" >&2; exit 1' },
    });
    t.is(r.code, EXIT.unknown, `${r.out}\n${r.err}`);
    t.is(r.summary.verdict, 'unknown');
    t.deepEqual(
      { ...r.summary.coverage.faults, failures: r.summary.coverage.faults.failures.map((f) => f.fault) },
      { planned: 1, effective: 0, failed: 1, failures: ['kill-web#1'] },
    );
    t.regex(r.out, /did not take effect: kill-web#1 \(exec hook\): hook exited with 1/);
    t.regex(r.out, /No such container: web-9/);
    t.regex(r.out, /faults effective 0\/1 \(kill-web#1 failed\)/);
    t.regex(r.md, /did not take effect: kill-web#1/);
    t.regex(r.junit, /<testcase [^>]*name="faults took effect"[^>]*>\s*<error [^>]*kill-web#1/);
  },
);

test.serial('a kill whose container matches nothing: unknown, exit 2', async (t) => {
  const r = await runIt(t, {
    id: 'kill-ghost',
    action: 'kill',
    target: { container: 'no-such-name' },
    at: '1s',
  });
  t.is(r.code, EXIT.unknown, `${r.out}\n${r.err}`);
  t.is(r.summary.coverage.faults.failed, 1);
  t.regex(r.out, /did not take effect: kill-ghost#1 \(kill no-such-name\): no victim matched no-such-name/);
});

test.serial('the same kill with required: false: counted as failed, the run is judged (pass)', async (t) => {
  const r = await runIt(t, {
    id: 'kill-ghost',
    action: 'kill',
    target: { container: 'no-such-name' },
    at: '1s',
    required: false,
  });
  t.is(r.code, EXIT.pass, `${r.out}\n${r.err}`);
  t.is(r.summary.verdict, 'pass');
  t.like(r.summary.coverage.faults, { planned: 1, effective: 0, failed: 1 });
  t.regex(r.out, /faults effective 0\/1 \(kill-ghost#1 failed, not required\)/);
});

test.serial('an exec hook that exits 0 but whose confirm never does: failed, unknown', async (t) => {
  const r = await runIt(t, {
    id: 'delete-pod',
    action: 'exec',
    at: '1s',
    params: { command: 'true', confirm: 'echo still running; exit 3', confirmTimeout: '600ms' },
  });
  t.is(r.code, EXIT.unknown, `${r.out}\n${r.err}`);
  t.like(r.summary.coverage.faults, { planned: 1, effective: 0, failed: 1 });
  t.regex(r.out, /delete-pod#1 \(exec hook\): effect not confirmed: the confirm command did not exit 0/);
  t.regex(r.out, /still running/);
});

test.serial('an exec hook whose confirm succeeds: effective, pass (near-miss)', async (t) => {
  const r = await runIt(t, {
    id: 'delete-pod',
    action: 'exec',
    at: '1s',
    params: { command: 'true', confirm: 'true' },
  });
  t.is(r.code, EXIT.pass, `${r.out}\n${r.err}`);
  t.deepEqual(r.summary.coverage.faults, { planned: 1, effective: 1, failed: 0, failures: [] });
  t.regex(r.out, /faults effective 1\/1/);
});
