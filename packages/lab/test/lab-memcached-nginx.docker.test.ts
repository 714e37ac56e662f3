import test from 'ava';
import { newRunId, removeByRunId, requireDocker } from '@sessionchaos/testkit';
import { LabCluster, type LabSpec, type StartedLabCluster } from '../src/index.ts';
import { CookieClient } from './helpers/cookie-client.ts';
import { assertNoLoss, journeys } from './helpers/lab-assertions.ts';

const runId = newRunId('lab-mc-nginx');
const specs = {
  memcached: { strategy: 'memcached', nodes: 2 },
  'nginx-round-robin': { strategy: 'memcached', nodes: 2, balancer: 'nginx' },
  'nginx-ip-hash': { strategy: 'sticky', nodes: 3, sticky: 'source', balancer: 'nginx' },
  'nginx-cookie-hash': { strategy: 'sticky', nodes: 3, sticky: 'cookie', balancer: 'nginx' },
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

const lab = (name: keyof typeof specs): StartedLabCluster => {
  const found = labs.get(name);
  if (!found) throw new Error(`${name} did not start`);
  return found;
};

test.serial(
  'memcached: the default journey through round robin loses nothing; Memcached is a lab container',
  (t) => {
    const l = lab('memcached');
    t.deepEqual(
      l.containers().map((c) => c.role),
      ['balancer', 'app', 'app', 'memcached'],
    );
    return journeys(l.url, 3, 'mc').then((results) => {
      assertNoLoss(t, results, 'mc');
      t.true(
        results.every((r) => r.nodes.size === 2),
        'each user was served by both nodes',
      );
    });
  },
);

test.serial('nginx round robin in front of memcached nodes: both nodes serve, nothing lost', async (t) => {
  const results = await journeys(lab('nginx-round-robin').url, 3, 'ng');
  assertNoLoss(t, results, 'ng');
  t.true(results.every((r) => r.nodes.size === 2));
});

test.serial(
  'nginx ip_hash: every user from this machine lands on one node, and memory sessions hold',
  async (t) => {
    const results = await journeys(lab('nginx-ip-hash').url, 3, 'ip');
    assertNoLoss(t, results, 'ip');
    const nodes = new Set(results.flatMap((r) => [...r.nodes]));
    t.is(nodes.size, 1);
  },
);

test.serial('nginx hash of the session cookie: one session id always lands on the same node', async (t) => {
  const l = lab('nginx-cookie-hash');
  const served = new Set<string>();
  const client = new CookieClient(l.url);
  client.cookies.set('sid', 's%3Afixed-session-id.sig');
  for (let i = 0; i < 6; i++) {
    const r = await client.json('GET', '/api/me');
    served.add(r.node ?? '?');
  }
  t.is(served.size, 1);
  const spread = new Set<string>();
  for (let i = 0; i < 12; i++) {
    const other = new CookieClient(l.url);
    other.cookies.set('sid', `s%3Aid-${i}.sig`);
    spread.add((await other.json('GET', '/api/me')).node ?? '?');
  }
  t.true(spread.size > 1, 'different session ids spread over the nodes');
});
