import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import type { FaultOp, FaultSpec, PlannedFault } from '@sessionchaos/core';
import { IMAGE_NODE_PATH, assembleImage, nodeImageSpec } from '@sessionchaos/lab';
import { newRunId, projectLabels, removeByRunId, requireDocker } from '@sessionchaos/testkit';
import {
  DockerDriver,
  FaultRunner,
  HealJournal,
  findContainers,
  healLeftovers,
  readPendingUndos,
} from '../src/index.ts';
import { startFaultProcess } from './helpers/fault-process.ts';

const runId = newRunId('faults');
const network = `sessionchaos-${runId}`;
const server = `require('node:http').createServer((q, s) => s.end('pong')).listen(8080, () => console.log('listening'))`;
let image: string;
let victim: StartedTestContainer;
let peer: StartedTestContainer;

test.before(async () => {
  const rt = await requireDocker();
  await rt.container.dockerode.createNetwork({ Name: network, Labels: projectLabels(runId) });
  image = await assembleImage(nodeImageSpec());
  const start = (alias: string) =>
    new GenericContainer(image)
      .withCommand([IMAGE_NODE_PATH, '-e', server])
      .withExposedPorts(8080)
      .withNetworkMode(network)
      .withNetworkAliases(alias)
      .withLabels(projectLabels(runId))
      .withWaitStrategy(Wait.forLogMessage('listening'))
      .start();
  [victim, peer] = await Promise.all([start('victim'), start('peer')]);
});
test.after.always(async () => {
  await removeByRunId(runId);
});

/** Whether the peer container reaches the victim by its network alias (1 s timeout). busybox wget crashes resolving names. */
async function peerReachesVictim(): Promise<boolean> {
  const probe = `fetch('http://victim:8080/', { signal: AbortSignal.timeout(1000) }).then((r) => r.text())
    .then((t) => process.exit(t === 'pong' ? 0 : 1), () => process.exit(1))`;
  const { exitCode } = await peer.exec([IMAGE_NODE_PATH, '-e', probe]);
  return exitCode === 0;
}

/** Host port of the victim, read from the engine (it changes when the container restarts). */
async function hostPort(): Promise<number> {
  const rt = await requireDocker();
  const info = await rt.container.dockerode.getContainer(victim.getId()).inspect();
  return Number(info.NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort);
}

async function answers(timeoutMs = 1_000): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${await hostPort()}/`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    return (await response.text()) === 'pong';
  } catch {
    return false;
  }
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function runner(journalDir: string) {
  const ops: FaultOp[] = [];
  const t0 = performance.now();
  const driver = new DockerDriver();
  await driver.setup();
  const r = new FaultRunner({
    drivers: [driver],
    resolveVictims: async () => [{ name: 'victim', containerId: victim.getId() }],
    journal: new HealJournal(runId, journalDir),
    now: () => performance.now() - t0,
    record: (op) => ops.push(op),
  });
  return { r, ops };
}

const planned = (action: FaultSpec['action'], params: FaultSpec['params'] = {}): PlannedFault => ({
  key: `${action}#1`,
  spec: { id: action, action, target: { container: 'victim' }, at: 0, params },
  occurrence: 1,
  startMs: 0,
  endMs: 60_000,
});

test.serial('kill stops the victim answering; heal starts it again', async (t) => {
  const { r, ops } = await runner(mkdtempSync(join(tmpdir(), 'sc-j-')));
  t.true(await answers());
  await r.inject(planned('kill'));
  t.is(ops[1]!.type, 'ok', ops[1]!.error);
  t.deepEqual(ops[1]!.victims, ['victim']);
  const state = (await (await requireDocker()).container.dockerode.getContainer(victim.getId()).inspect())
    .State;
  t.false(state.Running);
  await r.stop();
  t.true(await until(() => answers()), 'answers again after heal');
  t.deepEqual(
    ops.map((o) => `${o.type} ${o.action}`),
    ['invoke kill', 'ok kill', 'invoke heal', 'ok heal'],
  );
});

test.serial('pause hangs requests until unpaused', async (t) => {
  const { r } = await runner(mkdtempSync(join(tmpdir(), 'sc-j-')));
  await r.inject(planned('pause'));
  const pending = fetch(`http://127.0.0.1:${await hostPort()}/`).then((res) => res.text());
  t.false(await answers(700), 'a paused node does not answer');
  await r.stop();
  t.is(await pending, 'pong', 'the request that hung completes after unpause');
});

test.serial(
  'partition cuts the victim from its network both ways; heal reconnects it under the same alias',
  async (t) => {
    const { r, ops } = await runner(mkdtempSync(join(tmpdir(), 'sc-j-')));
    t.true(await peerReachesVictim());
    await r.inject(planned('partition'));
    t.regex(ops[1]!.detail!, new RegExp(`victim cut from ${network}`));
    t.false(await peerReachesVictim());
    await r.stop();
    t.true(await until(peerReachesVictim), 'reachable by alias after heal');
  },
);

test.serial('a partition of ports cuts only those ports, both ways; the rest still flows', async (t) => {
  const other = await runner(mkdtempSync(join(tmpdir(), 'sc-j-')));
  await other.r.inject(planned('partition', { ports: [4000] }));
  t.is(other.ops[1]!.type, 'ok', other.ops[1]!.error);
  t.regex(other.ops[1]!.detail!, /victim cut on TCP ports 4000/);
  t.true(await peerReachesVictim(), 'port 8080 still flows');
  await other.r.stop();
  const cut = await runner(mkdtempSync(join(tmpdir(), 'sc-j-')));
  await cut.r.inject(planned('partition', { ports: [8080] }));
  t.false(await peerReachesVictim(), 'port 8080 is cut');
  await cut.r.stop();
  t.true(await until(peerReachesVictim), 'reachable again after heal');
});

test.serial(
  'healing a partition of ports on a container killed meanwhile is a no-op, not a failure',
  async (t) => {
    const { r, ops } = await runner(mkdtempSync(join(tmpdir(), 'sc-j-')));
    await r.inject(planned('partition', { ports: [8080] }));
    const container = (await requireDocker()).container.dockerode.getContainer(victim.getId());
    await container.kill();
    await r.stop();
    const heal = ops.find((o) => o.action === 'heal' && o.type !== 'invoke');
    t.is(heal?.type, 'ok', heal?.error);
    t.regex(heal?.detail ?? '', /already healed \(not running/);
    await container.start();
    t.true(await until(peerReachesVictim), 'a restarted container has none of the old rules');
  },
);

test.serial('loss of 100% drops every packet until healed', async (t) => {
  const { r, ops } = await runner(mkdtempSync(join(tmpdir(), 'sc-j-')));
  await r.inject(planned('loss', { lossPercent: 100 }));
  t.is(ops[1]!.type, 'ok', ops[1]!.error);
  t.false(await peerReachesVictim());
  await r.stop();
  t.true(await until(peerReachesVictim));
});

test.serial(
  'latency either delays packets or, on a kernel without netem, fails with the reason',
  async (t) => {
    const { r, ops } = await runner(mkdtempSync(join(tmpdir(), 'sc-j-')));
    await r.inject(planned('latency', { latencyMs: 300 }));
    const completion = ops[1]!;
    if (completion.type === 'ok') {
      const started = performance.now();
      t.true(await peerReachesVictim());
      t.true(performance.now() - started >= 300, 'a request crosses the delayed link at least once');
    } else {
      t.is(completion.type, 'fail');
      t.regex(completion.error!, /no netem qdisc/);
    }
    await r.stop();
    t.true(await until(peerReachesVictim));
  },
);

test.serial(
  'a process killed mid-fault leaves a journal that healLeftovers uses to restore the victim',
  async (t) => {
    const journalDir = mkdtempSync(join(tmpdir(), 'sc-crash-'));
    // A separate process pauses the victim, then is SIGKILLed before it can heal.
    const script = `
    import { DockerDriver, FaultRunner, HealJournal } from '@sessionchaos/faults';
    const driver = new DockerDriver();
    await driver.setup();
    const r = new FaultRunner({ drivers: [driver], journal: new HealJournal('crashed', ${JSON.stringify(journalDir)}),
      resolveVictims: async () => [{ name: 'victim', containerId: ${JSON.stringify(victim.getId())} }],
      now: () => 0, record: (op) => { if (op.type === 'ok') console.log('injected'); } });
    await r.inject({ key: 'pause#1', spec: { id: 'pause', action: 'pause', target: { container: 'victim' }, at: 0 },
      occurrence: 1, startMs: 0, endMs: 600000 });
    setInterval(() => {}, 1000);`;
    const child = await startFaultProcess(script);
    child.kill('SIGKILL');
    t.false(await answers(500), 'still paused after the crash');
    t.is(readPendingUndos(journalDir).length, 1);

    const healer = new DockerDriver();
    await healer.setup();
    const outcomes = await healLeftovers([healer], journalDir);
    t.deepEqual(
      outcomes.map((o) => [o.key, o.ok]),
      [['pause#1', true]],
    );
    t.true(await until(() => answers()));
    t.deepEqual(readPendingUndos(journalDir), []);
  },
);

test.serial('containers outside the lab are found by exact name or by label, and only those', async (t) => {
  const rt = await requireDocker();
  const name = (await rt.container.dockerode.getContainer(victim.getId()).inspect()).Name.slice(1);
  t.deepEqual(await findContainers({ container: name }), [{ name, containerId: victim.getId() }]);
  t.deepEqual(await findContainers({ container: name.slice(0, -1) }), [], 'a name prefix is not a match');
  const byLabel = await findContainers({ label: `dev.sessionchaos.run=${runId}` });
  t.deepEqual(byLabel.map((v) => v.containerId).sort(), [victim.getId(), peer.getId()].sort());
});
