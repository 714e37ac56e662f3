import test from 'ava';
import { newRunId, removeByRunId, requireDocker } from '@sessionchaos/testkit';
import { LabCluster, type LabSpec, type StartedLabCluster } from '../src/index.ts';
import { CookieClient } from './helpers/cookie-client.ts';
import { assertNoLoss, journeys } from './helpers/lab-assertions.ts';

const runId = newRunId('lab-stores');
const specs = {
  replicated: { strategy: 'replicated', nodes: 2 },
  redis: { strategy: 'redis', nodes: 2 },
  jwt: { strategy: 'jwt', nodes: 2, jwt: { revocation: true } },
} satisfies Record<string, LabSpec>;
const labs = new Map<string, StartedLabCluster>();

test.before(async () => {
  await requireDocker();
  for (const [name, spec] of Object.entries(specs)) {
    labs.set(name, await new LabCluster(spec, { runId: `${runId}-${name}` }).start());
  }
});
test.after.always(async () => {
  await Promise.all(Object.keys(specs).map((name) => removeByRunId(`${runId}-${name}`)));
});

for (const name of Object.keys(specs)) {
  test.serial(`${name}: the default journey through the round-robin balancer loses nothing`, async (t) => {
    const lab = labs.get(name);
    if (!lab) return t.fail(`${name} did not start`);
    const results = await journeys(lab.url, 3, name);
    assertNoLoss(t, results, name);
    t.true(
      results.every((r) => r.nodes.size === 2),
      'each user was served by both nodes',
    );
  });
}

test.serial('replicated: every node holds a copy of every session', async (t) => {
  const lab = labs.get('replicated');
  if (!lab) return t.fail();
  const client = new CookieClient(lab.url);
  await client.request('POST', '/login', { username: 'copy-1', password: 'secret' });
  const counts = await Promise.all(
    lab.nodes.map(
      async (n) => ((await (await fetch(`${n.url}/stats`)).json()) as { sessions: number }).sessions,
    ),
  );
  t.deepEqual(counts, [1, 1]);
});

test.serial('redis: sessions live in the lab Redis, published on 127.0.0.1', async (t) => {
  const lab = labs.get('redis');
  if (!lab?.redis) return t.fail();
  const { Redis } = await import('ioredis');
  const redis = new Redis({ host: '127.0.0.1', port: lab.redis.primary.port, lazyConnect: true });
  t.teardown(() => redis.disconnect());
  await redis.connect();
  const client = new CookieClient(lab.url);
  await client.request('POST', '/login', { username: 'stored-1', password: 'secret' });
  const keys = await redis.keys('sess:*');
  const values = await Promise.all(keys.map((k) => redis.get(k)));
  t.true(values.some((v) => v?.includes('"user":"stored-1"')));
});

test.serial('jwt with revocation: a copy of the token is refused on every node after logout', async (t) => {
  const lab = labs.get('jwt');
  if (!lab) return t.fail();
  const client = new CookieClient(lab.url);
  await client.request('POST', '/login', { username: 'revoked-1', password: 'secret' });
  const copy = new CookieClient(lab.url);
  for (const [k, v] of client.cookies) copy.cookies.set(k, v);
  t.is((await copy.json('GET', '/api/me')).status, 200);
  await client.request('POST', '/logout');
  t.deepEqual(
    [(await copy.json('GET', '/api/me')).status, (await copy.json('GET', '/api/me')).status],
    [401, 401],
  );
});
