import test from 'ava';
import pg from 'pg';
import { newRunId, removeByRunId, requireDocker } from '@sessionchaos/testkit';
import { labRuntime, LabCluster, type StartedLabCluster } from '../src/index.ts';
import { CookieClient } from './helpers/cookie-client.ts';
import { assertNoLoss, journeys } from './helpers/lab-assertions.ts';

// The postgres strategy, added through the lab strategy registry: its store container starts with the lab,
// the nodes share sessions through its table, and (unlike Memcached) the sessions outlive its restart.
const runId = newRunId('lab-postgres');
let lab: StartedLabCluster | undefined;

test.before(async () => {
  await requireDocker();
  lab = await new LabCluster({ strategy: 'postgres', nodes: 2 }, { runId }).start();
});
test.after.always(() => removeByRunId(runId));

const started = (): StartedLabCluster => {
  if (!lab) throw new Error('the postgres lab did not start');
  return lab;
};

async function login(url: string, username: string): Promise<CookieClient> {
  const user = new CookieClient(url);
  const response = await user.request('POST', '/login', { username, password: 'secret' });
  await response.body?.cancel();
  return user;
}

/** The user `/api/me` names, or the status when it names none (a 5xx while the database is down). */
async function whoami(user: CookieClient): Promise<string | number> {
  const response = await user.request('GET', '/api/me');
  if (response.status !== 200) {
    await response.body?.cancel();
    return response.status;
  }
  return ((await response.json()) as { user?: string }).user ?? 200;
}

async function sessionRows(port: number): Promise<number> {
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>('SELECT count(*) AS n FROM sessions WHERE expires > now()');
    return Number(r.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

test.serial(
  'postgres: round robin over two nodes loses nothing; the sessions are rows of its table',
  async (t) => {
    const l = started();
    t.deepEqual(
      l.containers().map((c) => c.role),
      ['balancer', 'app', 'app', 'postgres'],
    );
    const results = await journeys(l.url, 3, 'pg');
    assertNoLoss(t, results, 'pg');
    t.true(
      results.every((r) => r.nodes.size === 2),
      'each user was served by both nodes',
    );
    const store = l.store('postgres');
    if (!store) return t.fail('no postgres store handle');
    // Each journey logged out (its row deleted); one user logged in now is one row.
    await login(l.url, 'pg-live');
    t.is(await sessionRows(store.port), 1);
  },
);

test.serial('postgres: a session outlives the database being killed and started again', async (t) => {
  const l = started();
  const store = l.store('postgres');
  if (!store) return t.fail('no postgres store handle');
  const user = await login(l.url, 'pg-durable');
  t.is(await whoami(user), 'pg-durable');
  const docker = (await labRuntime()).container.dockerode;
  await docker.getContainer(store.containerId).kill();
  const down = await user.request('GET', '/api/me');
  await down.body?.cancel();
  t.true(down.status >= 500, `a logged-in request fails while the database is down (got ${down.status})`);
  await docker.getContainer(store.containerId).start();
  let after: string | number = down.status;
  for (let i = 0; i < 100 && after !== 'pg-durable'; i++) {
    await new Promise((r) => setTimeout(r, 200));
    after = await whoami(user);
  }
  t.is(after, 'pg-durable', 'the same session, read back from disk once the database is back');
});
