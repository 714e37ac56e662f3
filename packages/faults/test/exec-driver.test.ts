import test from 'ava';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultOp, FaultSpec } from '@sessionchaos/core';
import { ExecDriver, FaultRunner, HealJournal, healLeftovers, readPendingUndos } from '../src/index.ts';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'sessionchaos-exec-'));
  const ops: FaultOp[] = [];
  const t0 = performance.now();
  const journal = new HealJournal('run-exec', join(dir, 'journal'));
  const runner = new FaultRunner({
    drivers: [new ExecDriver()],
    resolveVictims: async () => [{ name: 'web-0' }],
    journal,
    now: () => performance.now() - t0,
    record: (op) => ops.push(op),
  });
  return { dir, ops, runner, journal };
}

const hook = (id: string, command: string, extra: Partial<FaultSpec['params']> = {}): FaultSpec => ({
  id,
  action: 'exec',
  target: {},
  at: 0,
  duration: 50,
  params: { command, ...extra },
});

test('a hook runs with the fault and victims in its environment, output is recorded, and its heal runs', async (t) => {
  const { dir, ops, runner, journal } = setup();
  const spec = hook('h', `echo "$SESSIONCHAOS_FAULT on $SESSIONCHAOS_VICTIMS" > ${dir}/on; echo injected`, {
    healCommand: `echo healed > ${dir}/healed`,
  });
  await runner.inject({ key: 'h#1', spec, occurrence: 1, startMs: 0, endMs: 0 });
  await runner.stop();
  t.is(readFileSync(join(dir, 'on'), 'utf8'), 'h#1 on web-0\n');
  t.true(existsSync(join(dir, 'healed')));
  t.deepEqual(
    ops.map((o) => [o.type, o.action]),
    [
      ['invoke', 'exec'],
      ['ok', 'exec'],
      ['invoke', 'heal'],
      ['ok', 'heal'],
    ],
  );
  t.is(ops[1]!.detail, 'injected');
  t.deepEqual(ops[1]!.victims, ['web-0']);
  t.is(ops[0]!.id, ops[1]!.id, 'invoke and completion pair by id');
  t.false(existsSync(journal.file), 'a fully healed journal is removed');
});

test('a hook that exits non-zero is a failed fault with its output, not a crash; its heal still runs', async (t) => {
  const { dir, ops, runner } = setup();
  const spec = hook('bad', 'echo "pod web-0 not found" >&2; exit 3', { healCommand: `touch ${dir}/healed` });
  await runner.inject({ key: 'bad#1', spec, occurrence: 1, startMs: 0, endMs: 0 });
  await runner.stop();
  const completion = ops.find((o) => o.type !== 'invoke' && o.action === 'exec')!;
  t.is(completion.type, 'fail');
  t.regex(completion.error!, /hook exited with 3/);
  t.regex(completion.error!, /pod web-0 not found/);
  t.true(existsSync(join(dir, 'healed')), 'what a half-applied hook did is healed');
});

test('a hook that runs over its timeout is killed and recorded as unknown (info)', async (t) => {
  const { ops, runner } = setup();
  await runner.inject({
    key: 's#1',
    spec: hook('s', 'sleep 30', { timeoutMs: 200 }),
    occurrence: 1,
    startMs: 0,
    endMs: 0,
  });
  await runner.stop();
  const completion = ops.find((o) => o.type !== 'invoke')!;
  t.is(completion.type, 'info');
  t.regex(completion.error!, /timed out after 200 ms/);
});

test('scheduled faults heal at their end; a heal left in the journal by a crash is applied by healLeftovers', async (t) => {
  const { dir, ops, runner } = setup();
  runner.start([
    {
      key: 'a#1',
      spec: hook('a', 'true', { healCommand: `touch ${dir}/a-healed` }),
      occurrence: 1,
      startMs: 10,
      endMs: 60,
    },
  ]);
  await new Promise((r) => setTimeout(r, 300));
  t.true(existsSync(join(dir, 'a-healed')));
  t.is(ops.at(-1)!.action, 'heal');
  await runner.stop();

  // A crashed run: the journal has an undo step and no "healed" line.
  const journalDir = join(dir, 'crash');
  const crashed = new HealJournal('run-crashed', journalDir);
  crashed.add('x#1', 'exec', { kind: 'exec', command: `touch ${dir}/x-healed`, timeoutMs: 5_000 });
  t.is(readPendingUndos(journalDir).length, 1);
  // The journal was written by this process, which stands for a run that died: it is not live.
  const outcomes = await healLeftovers([new ExecDriver()], journalDir, {
    allowExec: true,
    isLive: () => false,
  });
  t.deepEqual(
    outcomes.map((o) => [o.runId, o.key, o.ok]),
    [['run-crashed', 'x#1', true]],
  );
  t.true(existsSync(join(dir, 'x-healed')));
  t.deepEqual(readPendingUndos(journalDir), [], 'the healed journal is gone');
});

test('a hook with no victims of ours still runs; a fault no driver can apply fails with the reason', async (t) => {
  const { dir, ops } = setup();
  const t0 = performance.now();
  const runner = new FaultRunner({
    drivers: [new ExecDriver()],
    resolveVictims: async () => [],
    journal: new HealJournal('run-none', join(dir, 'journal')),
    now: () => performance.now() - t0,
    record: (op) => ops.push(op),
  });
  await runner.inject({
    key: 'h#1',
    spec: hook('h', `touch ${dir}/ran`),
    occurrence: 1,
    startMs: 0,
    endMs: 0,
  });
  t.true(existsSync(join(dir, 'ran')));
  const kill: FaultSpec = { id: 'k', action: 'kill', target: { role: 'app' }, at: 0 };
  await runner.inject({ key: 'k#1', spec: kill, occurrence: 1, startMs: 0, endMs: 0 });
  await runner.stop();
  const kills = ops.filter((o) => o.action === 'kill' && o.type !== 'invoke');
  t.is(kills[0]!.type, 'fail');
  t.regex(kills[0]!.error!, /no fault driver can kill here/);
});

test('a scheduled fault and its heal never start before the run clock reads their time', async (t) => {
  // Timers count whole milliseconds on the event loop's cached clock, so one set for a fractional
  // delay can fire a little before the run clock (performance.now()) reads the deadline: the runner
  // must wait for the run clock, not trust the timer. (The old runner recorded this fault at 38.8 ms.)
  const dir = mkdtempSync(join(tmpdir(), 'sessionchaos-exec-'));
  const ops: FaultOp[] = [];
  const t0 = performance.now();
  const runner = new FaultRunner({
    drivers: [new ExecDriver()],
    resolveVictims: async () => [],
    journal: new HealJournal('run-clock', join(dir, 'journal')),
    now: () => performance.now() - t0 - 30,
    record: (op) => ops.push(op),
  });
  runner.start([
    {
      key: 'c#1',
      spec: hook('c', 'true', { healCommand: 'true' }),
      occurrence: 1,
      startMs: 40,
      endMs: 80,
    },
  ]);
  while (!ops.some((o) => o.action === 'heal' && o.type !== 'invoke'))
    await new Promise((r) => setTimeout(r, 10));
  await runner.stop();
  const invoke = (action: string): FaultOp => ops.find((o) => o.type === 'invoke' && o.action === action)!;
  t.true(invoke('exec').time >= 40, `the fault was recorded at ${invoke('exec').time} ms`);
  t.true(invoke('heal').time >= 80, `the heal was recorded at ${invoke('heal').time} ms`);
});
