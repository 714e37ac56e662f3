import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultOp, FaultSpec, PlannedFault } from '@sessionchaos/core';
import { LabCluster, type StartedLabCluster } from '@sessionchaos/lab';
import { requireDocker } from '@sessionchaos/testkit';
import {
  DockerDriver,
  FaultRunner,
  HealJournal,
  RedisDriver,
  type FaultDriver,
  type Victim,
} from '../src/index.ts';

// One lab for the file: 2 app nodes on Redis with Sentinel (primary + replica + 3 Sentinels), HAProxy in front.
let lab: StartedLabCluster;
test.before(async () => {
  await requireDocker();
  lab = await new LabCluster({ strategy: 'redis', nodes: 2, redis: { topology: 'sentinel' } }).start();
});
test.after.always(async () => {
  await lab?.stop();
});

function runner(drivers: FaultDriver[], victims: () => Promise<Victim[]>) {
  const ops: FaultOp[] = [];
  const t0 = performance.now();
  const r = new FaultRunner({
    drivers,
    resolveVictims: victims,
    journal: new HealJournal(lab.runId, mkdtempSync(join(tmpdir(), 'sc-lab-j-'))),
    now: () => performance.now() - t0,
    record: (op) => ops.push(op),
  });
  return { r, ops };
}

const planned = (action: FaultSpec['action'], params: FaultSpec['params'] = {}): PlannedFault => ({
  key: `${action}#1`,
  spec: {
    id: action,
    action,
    target: { role: action === 'failover' ? 'redis-primary' : 'app' },
    at: 0,
    params,
  },
  occurrence: 1,
  startMs: 0,
  endMs: 600_000,
});

/** Which nodes served `n` requests through the balancer (the X-Served-By header), 502/503 as `down`. */
async function servedBy(n: number, timeoutMs = 2_000): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    try {
      const res = await fetch(`${lab.url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
      seen.push(res.headers.get('x-served-by') ?? `status ${res.status}`);
      await res.arrayBuffer();
    } catch {
      seen.push('timeout');
    }
  }
  return seen;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

const app1 = () => lab.nodes.find((n) => n.name === 'app-1')!;
const victimApp1 = async (): Promise<Victim[]> => [{ name: 'app-1', containerId: app1().containerId }];

test.serial(
  'a killed node stops answering; the balancer routes around it after its health checks, and back after heal',
  async (t) => {
    const docker = new DockerDriver();
    await docker.setup();
    const { r, ops } = runner([docker], victimApp1);
    t.deepEqual(new Set(await servedBy(6)), new Set(['app-1', 'app-2']));
    try {
      await r.inject(planned('kill'));
      t.is(ops[1]!.type, 'ok', ops[1]!.error);
      const onlyApp2 = async () => (await servedBy(6)).every((n) => n === 'app-2');
      t.true(await eventually(onlyApp2), 'only app-2 serves once app-1 is down');
    } finally {
      await r.stop();
    }
    t.true(
      await eventually(async () => (await servedBy(6)).includes('app-1')),
      'app-1 serves again after heal',
    );
  },
);

test.serial('a paused node hangs requests sent to it until unpaused', async (t) => {
  const docker = new DockerDriver();
  await docker.setup();
  const { r } = runner([docker], victimApp1);
  // Straight to the node's own published port, read again: the kill above restarted it on a new one.
  const info = await (await requireDocker()).container.dockerode.getContainer(app1().containerId).inspect();
  const nodeUrl = `http://127.0.0.1:${info.NetworkSettings.Ports['3000/tcp']![0]!.HostPort}`;
  const direct = async () => {
    try {
      return (
        (await (await fetch(`${nodeUrl}/healthz`, { signal: AbortSignal.timeout(1_000) })).text()) === 'ok'
      );
    } catch {
      return false; // docker-proxy closes connections until the restarted app listens again.
    }
  };
  t.true(await eventually(direct), 'app-1 answers on its own port');
  try {
    await r.inject(planned('pause'));
    const hung = fetch(`${nodeUrl}/healthz`).then(
      (res) => res.text(),
      (error: Error) => `failed: ${String(error.cause ?? error)}`,
    );
    const early = await Promise.race([
      hung.then(() => 'answered'),
      new Promise((r) => setTimeout(() => r('hung'), 800)),
    ]);
    t.is(early, 'hung');
    await r.stop();
    t.is(await hung, 'ok', 'the hung request completes after unpause');
  } finally {
    await r.stop();
  }
});

test.serial(
  'a partitioned node is unreachable from the balancer, and reachable again after heal',
  async (t) => {
    const docker = new DockerDriver();
    await docker.setup();
    const { r, ops } = runner([docker], victimApp1);
    try {
      await r.inject(planned('partition'));
      t.is(ops[1]!.type, 'ok', ops[1]!.error);
      const onlyApp2 = async () => (await servedBy(6)).every((n) => n === 'app-2');
      t.true(await eventually(onlyApp2), 'the balancer stops sending to app-1');
    } finally {
      await r.stop();
    }
    t.true(
      await eventually(async () => (await servedBy(6)).includes('app-1')),
      'app-1 is back behind the balancer',
    );
  },
);

test.serial(
  'a killed Redis primary under Sentinel is replaced, and the failover time is recorded',
  async (t) => {
    const redis = lab.redis!;
    const driver = new RedisDriver({
      masterName: redis.masterName,
      servers: [redis.primary, ...redis.replicas],
      sentinels: redis.sentinels,
    });
    await driver.setup();
    const before = await driver.currentPrimary();
    t.is(before.name, 'redis-1');
    // Role redis-primary resolves to whichever server is primary at injection time.
    const { r, ops } = runner([driver], async () => [await driver.currentPrimary()]);
    await r.inject(planned('failover'));
    const completion = ops.find((o) => o.type !== 'invoke')!;
    t.is(completion.type, 'ok', completion.error);
    t.deepEqual(completion.victims, ['redis-1']);
    const match = /redis-1 down \(kill\); (redis-\d) elected primary after (\d+) ms/.exec(
      completion.detail ?? '',
    );
    t.truthy(match, completion.detail);
    t.not(match![1], 'redis-1');
    t.true(Number(match![2]) > 0);
    t.is((await driver.currentPrimary()).name, match![1]);
    // The app keeps serving the journey's health endpoint through the failover's aftermath.
    t.true(await eventually(async () => (await servedBy(2)).every((n) => n.startsWith('app-'))));
    await r.stop();
    t.deepEqual(ops.at(-1)!.type, 'ok', 'heal (start the old primary again) succeeded');
  },
);
