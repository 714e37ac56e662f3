import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import type { FaultOp, FaultSpec, PlannedFault } from '@sessionchaos/core';
import { IMAGE_NODE_PATH, assembleImage, nodeImageSpec } from '@sessionchaos/lab';
import { newRunId, projectLabels, removeByRunId, requireDocker } from '@sessionchaos/testkit';
import { DockerDriver, FaultRunner, HealJournal, readPendingUndos } from '../src/index.ts';

const runId = newRunId('faults-direct');
let victim: StartedTestContainer;

test.before(async () => {
  await requireDocker();
  victim = await new GenericContainer(await assembleImage(nodeImageSpec()))
    // Exits on SIGTERM by itself (a graceful server), so a direct stop needs no SIGKILL.
    .withCommand([
      IMAGE_NODE_PATH,
      '-e',
      "process.on('SIGTERM', () => process.exit(0)); const f = require('fs'); f.writeFileSync('/tmp/up', f.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[19]); setInterval(() => {}, 1000); console.log('up')",
    ])
    .withLabels(projectLabels(runId))
    .withWaitStrategy(Wait.forLogMessage('up'))
    .start();
});
test.after.always(async () => {
  await removeByRunId(runId);
});

async function state() {
  const info = await (await requireDocker()).container.dockerode.getContainer(victim.getId()).inspect();
  return info.State;
}

function planned(action: FaultSpec['action'], n: number, startMs: number): PlannedFault {
  return {
    key: `${action}#${n}`,
    spec: { id: action, action, target: { container: 'victim' }, at: startMs, params: { graceSeconds: 5 } },
    occurrence: n,
    startMs,
    endMs: startMs + 60_000,
  };
}

async function newRunner(prepareLeadMs = 300, followStarts = true) {
  const ops: FaultOp[] = [];
  const driver = new DockerDriver({ followStarts });
  await driver.setup();
  const t0 = performance.now();
  const journalDir = mkdtempSync(join(tmpdir(), 'sc-j-'));
  const now = () => performance.now() - t0;
  const runner = new FaultRunner({
    drivers: [driver],
    resolveVictims: async () => [{ name: 'victim', containerId: victim.getId() }],
    journal: new HealJournal(runId, journalDir),
    now,
    record: (op) => ops.push(op),
    prepareLeadMs,
  });
  return { runner, ops, driver, now, journalDir };
}

/**
 * Until the (re)started process has its SIGTERM handler: as PID 1 it ignores SIGTERM before that. It
 * writes its own start time (from /proc/self/stat) once the handler is in, so the marker names the
 * process that wrote it; the file's time against the engine's StartedAt never matched on a loaded CI
 * machine, where the engine recorded the start after the process had written it.
 */
async function ready(): Promise<void> {
  const probe =
    "const f = require('fs'); const start = f.readFileSync('/proc/1/stat', 'utf8').split(') ')[1].split(' ')[19]; " +
    "let m = ''; try { m = f.readFileSync('/tmp/up', 'utf8') } catch {} process.exit(m === start ? 0 : 1)";
  const deadline = Date.now() + 60_000;
  while ((await victim.exec([IMAGE_NODE_PATH, '-e', probe])).exitCode !== 0) {
    if (Date.now() > deadline) throw new Error('the victim never installed its SIGTERM handler within 60 s');
    await settle(50);
  }
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

test.serial(
  'a scheduled kill signals the pid learned ahead, records when it landed, and the engine knows; after the heal the new pid is used',
  async (t) => {
    const { runner, ops } = await newRunner();
    const pidBefore = (await state()).Pid;
    runner.start([planned('kill', 1, 500)]);
    while (!ops.some((o) => o.type !== 'invoke')) await settle(20);
    const [invoke, done] = ops;
    t.is(done!.type, 'ok', done!.error);
    t.regex(
      done!.detail!,
      new RegExp(`victim killed \\(SIGKILL to pid ${pidBefore} armed ahead, then the engine told\\)`),
    );
    t.true(invoke!.time >= 500, 'not before its planned instant');
    // Armed ahead on the signal thread: it lands at its instant, even before a late invoke is recorded.
    t.true(
      done!.effectAt! >= 500 && done!.effectAt! <= done!.time,
      `landed at its instant or after, before the completion (${done!.effectAt})`,
    );
    const after = await state();
    t.false(after.Running);
    t.is(after.ExitCode, 137);
    await runner.stop();
    t.true((await state()).Running, 'the heal started it again');

    // Its next kill: the heal learned the new process, so it is signalled directly too.
    const pidNow = (await state()).Pid;
    t.not(pidNow, pidBefore);
    const second = await newRunner();
    await second.runner.inject(planned('kill', 2, 0));
    t.regex(second.ops[1]!.detail!, new RegExp(`SIGKILL to pid ${pidNow},`));
    await second.runner.stop();
  },
);

test.serial(
  'a pid gone stale before the fault (restarted meanwhile, its start not followed) is not signalled: the engine kills',
  async (t) => {
    const { driver } = await newRunner(300, false);
    const victims = [{ name: 'victim', containerId: victim.getId() }];
    await driver.prepare(victims);
    const stale = (await state()).Pid;
    await (await requireDocker()).container.dockerode.getContainer(victim.getId()).restart({ t: 0 });
    const injection = await driver.inject({
      key: 'kill#3',
      spec: planned('kill', 3, 0).spec,
      victims,
      onUndo: () => undefined,
    });
    t.regex(injection.detail!, new RegExp(`through the engine: its pid ${stale} is gone or reused`));
    t.is(injection.effectAt, undefined, 'the engine path cannot say when the kill landed');
    t.false((await state()).Running);
    await driver.undo(injection.undo[0]!);
    t.true((await state()).Running);
  },
);

test.serial(
  'stop sends the stop signal to the process; it exits by itself, and the engine sees it',
  async (t) => {
    const { runner, ops } = await newRunner();
    await ready();
    await runner.inject(planned('stop', 4, 0));
    t.is(ops[1]!.type, 'ok', ops[1]!.error);
    t.regex(ops[1]!.detail!, /victim stopped \(stop signal to pid \d+, it exited\)/);
    t.not(ops[1]!.effectAt, undefined);
    const after = await state();
    t.false(after.Running);
    t.is(after.ExitCode, 0, 'exited on SIGTERM, not killed');
    await runner.stop();
    t.true((await state()).Running);
  },
);

test.serial(
  'an armed kill lands at its instant while the main thread is blocked; the engine is told once it is free',
  async (t) => {
    // Armed ~2.8 s ahead (time for the pid's inspect on a busy machine); the main thread is then
    // blocked from 2.5 s to 4.5 s, across the kill planned at 3 s.
    const { runner, ops, driver, now } = await newRunner(2_800);
    t.teardown(() => driver.teardown());
    const pid = (await state()).Pid;
    runner.start([planned('kill', 5, 3_000)]);
    while (now() < 2_500) await settle(20);
    while (now() < 4_500);
    while (!ops.some((o) => o.type !== 'invoke')) await settle(20);
    const done = ops.find((o) => o.type !== 'invoke')!;
    t.is(done.type, 'ok', done.error);
    t.regex(done.detail!, new RegExp(`SIGKILL to pid ${pid} armed ahead`));
    t.true(done.effectAt! >= 3_000, `not before its instant (${done.effectAt})`);
    t.true(done.effectAt! < 4_500, `sent while the main thread was blocked (${done.effectAt})`);
    t.false((await state()).Running);
    await runner.stop();
    t.true((await state()).Running, 'the heal started it again');
  },
);

test.serial(
  'a kill armed ahead and then cancelled by stop() is never sent, and leaves nothing to heal',
  async (t) => {
    const { runner, ops, driver, now, journalDir } = await newRunner(2_800);
    t.teardown(() => driver.teardown());
    const pid = (await state()).Pid;
    runner.start([planned('kill', 6, 3_000)]);
    while (now() < 2_000) await settle(20);
    await runner.stop();
    while (now() < 3_500) await settle(50);
    const after = await state();
    t.true(after.Running);
    t.is(after.Pid, pid, 'the same process, never signalled');
    t.deepEqual(ops, [], 'nothing recorded for a fault that never started');
    t.deepEqual(readPendingUndos(journalDir), []);
  },
);

test.serial(
  "a container restarted by someone else is learned from the engine's start event: its next kill signals the new pid",
  async (t) => {
    const { driver } = await newRunner();
    t.teardown(() => driver.teardown());
    const victims = [{ name: 'victim', containerId: victim.getId() }];
    await driver.prepare(victims);
    await (await requireDocker()).container.dockerode.getContainer(victim.getId()).restart({ t: 0 });
    const pid = (await state()).Pid;
    // The event and the inspect it triggers, on a busy machine.
    await settle(3_000);
    const injection = await driver.inject({
      key: 'kill#7',
      spec: planned('kill', 7, 0).spec,
      victims,
      onUndo: () => undefined,
    });
    t.regex(injection.detail!, new RegExp(`SIGKILL to pid ${pid},`));
    t.false((await state()).Running);
    await driver.undo(injection.undo[0]!);
    t.true((await state()).Running);
  },
);

test.serial(
  'a kill armed while its victim is still down (its start under way) is armed once the start is seen, before its instant',
  async (t) => {
    const engine = (await requireDocker()).container.dockerode.getContainer(victim.getId());
    await engine.kill({ signal: 'SIGKILL' });
    const { runner, ops, driver, now } = await newRunner(2_800);
    t.teardown(() => driver.teardown());
    runner.start([planned('kill', 8, 3_000)]);
    while (now() < 1_000) await settle(20);
    await engine.start();
    const pid = (await state()).Pid;
    while (!ops.some((o) => o.type !== 'invoke')) await settle(20);
    const done = ops.find((o) => o.type !== 'invoke')!;
    t.is(done.type, 'ok', done.error);
    t.regex(done.detail!, new RegExp(`SIGKILL to pid ${pid} armed ahead`));
    t.true(done.effectAt! >= 3_000);
    t.false((await state()).Running);
    await runner.stop();
    t.true((await state()).Running, 'the heal started it again');
  },
);

test.serial(
  'on an engine that answers inspect in 2 s, a kill planned just after its victim restarts is armed ahead: the pid comes from its cgroup on the start event',
  async (t) => {
    const dockerode = (await requireDocker()).container.dockerode;
    const engine = dockerode.getContainer(victim.getId());
    const { runner, ops, driver, now } = await newRunner(800);
    t.teardown(() => driver.teardown());
    // Learned once while the engine is quick, as a run learns its candidates before it starts.
    await driver.prepare([{ name: 'victim', containerId: victim.getId() }]);
    await engine.kill({ signal: 'SIGKILL' });
    // A busy engine: every inspect from here on (the driver's, the confirmation's) takes 2 s.
    const proto = Object.getPrototypeOf(engine) as { inspect: (...a: unknown[]) => Promise<unknown> };
    const inspect = proto.inspect;
    proto.inspect = async function (this: unknown, ...a: unknown[]) {
      await settle(2_000);
      return inspect.apply(this, a);
    };
    t.teardown(() => {
      proto.inspect = inspect;
    });
    runner.start([planned('kill', 9, 1_500)]);
    // Prepared at 700 ms while down; started at 1 s, half a second before its instant.
    while (now() < 1_000) await settle(20);
    await engine.start();
    while (!ops.some((o) => o.type !== 'invoke')) await settle(20);
    proto.inspect = inspect;
    const done = ops.find((o) => o.type !== 'invoke')!;
    t.is(done.type, 'ok', done.error);
    t.regex(done.detail!, /SIGKILL to pid \d+ armed ahead/);
    t.true(done.effectAt! >= 1_500 && done.effectAt! < 1_600, `at its instant (${done.effectAt})`);
    t.false((await state()).Running);
    await runner.stop();
    t.true((await state()).Running, 'the heal started it again');
  },
);
