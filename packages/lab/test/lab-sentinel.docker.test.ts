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

test('redis behind Sentinel: the app finds the primary and serves the journey', async (t) => {
  const results = await journeys(lab.url, 2, 'sentinel');
  assertNoLoss(t, results, 'sentinel');
  t.is(lab.redis?.sentinels.length, 3);
  t.is(lab.redis?.replicas.length, 1);
});

test('a host client reaches the primary through the published Sentinels and the natMap', async (t) => {
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
