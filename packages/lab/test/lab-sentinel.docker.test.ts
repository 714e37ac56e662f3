import test from 'ava';
import { Redis } from 'ioredis';
import { newRunId, removeByRunId, requireDocker } from '@sessionchaos/testkit';
import { LabCluster, type StartedLabCluster } from '../src/index.ts';
import { assertNoLoss, journeys } from './helpers/lab-assertions.ts';

const runId = newRunId('lab-sentinel');
let lab: StartedLabCluster;

test.before(async () => {
  await requireDocker();
  lab = await new LabCluster(
    { strategy: 'redis', nodes: 2, redis: { topology: 'sentinel', replicas: 1 } },
    { runId },
  ).start();
});
test.after.always(async () => {
  await removeByRunId(runId);
});

test.serial('redis behind Sentinel: the app finds the primary and serves the journey', async (t) => {
  const results = await journeys(lab.url, 2, 'sentinel');
  assertNoLoss(t, results, 'sentinel');
  t.is(lab.redis?.sentinels.length, 3);
  t.is(lab.redis?.replicas.length, 1);
});

test.serial('a host client reaches the primary through the published Sentinels and the natMap', async (t) => {
  const redis = lab.redis;
  if (!redis) return t.fail();
  const client = new Redis({
    sentinels: redis.sentinels.map((s) => ({ host: s.host, port: s.port })),
    name: redis.masterName,
    natMap: redis.natMap,
    lazyConnect: true,
    maxRetriesPerRequest: 2,
  });
  t.teardown(() => client.disconnect());
  await client.connect();
  const info = await client.info('replication');
  t.regex(info, /role:master/);
  t.regex(info, /connected_slaves:1/);
});

test.serial(
  'after the primary is killed, Sentinel promotes the replica and the app follows it',
  async (t) => {
    const redis = lab.redis;
    if (!redis) return t.fail();
    const sentinel = new Redis({
      host: '127.0.0.1',
      port: redis.sentinels[0]?.port ?? 0,
      maxRetriesPerRequest: 1,
    });
    t.teardown(() => sentinel.disconnect());
    const docker = (await requireDocker()).container.dockerode;
    await docker
      .getContainer(redis.primary.containerId)
      .kill({ signal: 'SIGKILL' })
      .catch(() => undefined);
    let master = 'redis-1';
    for (let i = 0; i < 60 && master === 'redis-1'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const addr = (await sentinel.call('SENTINEL', 'get-master-addr-by-name', redis.masterName)) as string[];
      master = addr[0] ?? master;
    }
    t.is(master, 'redis-2', 'Sentinel promoted the replica');
    // The app's clients notice the dead connection and ask Sentinel again: allow them a few seconds.
    const healthy = async (): Promise<boolean> => {
      const [r] = await journeys(lab.url, 1, 'after').catch(() => []);
      return r !== undefined && r.me.every((m) => m.status === 200) && r.read.status === 200;
    };
    for (let i = 0; i < 20 && !(await healthy()); i++) await new Promise((r) => setTimeout(r, 500));
    assertNoLoss(t, await journeys(lab.url, 2, 'failover'), 'failover');
  },
);
