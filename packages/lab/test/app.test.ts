import test from 'ava';
import { appConfigFromEnv } from '../src/app/config.ts';
import { startAppNodes } from './helpers/app-node.ts';
import { CookieClient, walkJourney } from './helpers/cookie-client.ts';

test('the memory app serves the default journey of the HTTP contract', async (t) => {
  const [node] = await startAppNodes(1, { STRATEGY: 'memory' });
  if (!node) return t.fail();
  t.teardown(() => node.close());
  const journey = await walkJourney(node.url, 'user-1', 2);
  t.is(journey.login, 303);
  t.is(journey.location, '/');
  t.deepEqual(journey.me, [
    { status: 200, body: { user: 'user-1', node: 'app-1' } },
    { status: 200, body: { user: 'user-1', node: 'app-1' } },
  ]);
  t.is(journey.write, 200);
  t.deepEqual(journey.read, { status: 200, body: { value: 'v-user-1' } });
  t.is(journey.logout, 303);
  t.is(journey.afterLogout, 401);
});

test('anonymous pages, wrong password, health, stats and X-Served-By', async (t) => {
  const [node] = await startAppNodes(1, { STRATEGY: 'memory' });
  if (!node) return t.fail();
  t.teardown(() => node.close());
  const client = new CookieClient(node.url);
  const home = await client.request('GET', '/');
  t.is(home.status, 302);
  t.is(home.headers.get('location'), '/login');
  t.is(home.headers.get('x-served-by'), 'app-1');
  const form = await client.request('GET', '/login');
  t.is(form.status, 200);
  t.regex(await form.text(), /<form method="post" action="\/login">/);
  t.deepEqual(await client.json('GET', '/api/me'), {
    status: 401,
    body: { user: null, node: 'app-1' },
    node: 'app-1',
  });
  t.is((await client.json('GET', '/api/data')).status, 401);
  const wrong = await client.request('POST', '/login', { username: 'user-1', password: 'nope' });
  t.is(wrong.status, 401);
  t.is(client.cookies.size, 0, 'no session for a failed login');
  const formLogin = await fetch(`${node.url}/login`, {
    method: 'POST',
    body: new URLSearchParams({ username: 'user-2', password: 'secret' }),
    redirect: 'manual',
  });
  t.is(formLogin.status, 303);
  t.regex(formLogin.headers.get('set-cookie') ?? '', /^sid=/);
  const health = await fetch(`${node.url}/healthz`);
  t.is(await health.text(), 'ok');
  const ready = await fetch(`${node.url}/readyz`);
  t.is(ready.status, 200, 'a memory store is always ready');
  const stats = (await (await fetch(`${node.url}/stats?gc=1`)).json()) as Record<string, unknown>;
  t.is(stats['node'], 'app-1');
  t.is(stats['sessions'], 1);
  t.true(typeof stats['rssBytes'] === 'number' && typeof stats['heapUsedBytes'] === 'number');
});

test('memory sessions stay on the node that made them', async (t) => {
  const nodes = await startAppNodes(2, { STRATEGY: 'memory' });
  t.teardown(() => Promise.all(nodes.map((n) => n.close())));
  const [a, b] = nodes.map((n) => n.url) as [string, string];
  const client = new CookieClient(a);
  await client.request('POST', '/login', { username: 'user-1', password: 'secret' });
  const other = new CookieClient(b);
  for (const [k, v] of client.cookies) other.cookies.set(k, v);
  t.is((await other.json('GET', '/api/me')).status, 401);
});

for (const sync of ['1', '0']) {
  test(`replicated (${sync === '1' ? 'sync' : 'async'}) copies sessions to the peers, and logouts too`, async (t) => {
    const nodes = await startAppNodes(3, {
      STRATEGY: 'replicated',
      REPLICATION_SYNC: sync,
      REPLICATION_LAG_MS: '20',
    });
    t.teardown(() => Promise.all(nodes.map((n) => n.close())));
    const [a, b, c] = nodes.map((n) => n.url) as [string, string, string];
    const onA = new CookieClient(a);
    await onA.request('POST', '/login', { username: 'user-1', password: 'secret' });
    await onA.json('POST', '/api/data', { value: 42 });
    if (sync === '0') await new Promise((r) => setTimeout(r, 200));
    for (const url of [b, c]) {
      const peer = new CookieClient(url);
      for (const [k, v] of onA.cookies) peer.cookies.set(k, v);
      t.deepEqual((await peer.json('GET', '/api/data')).body, { value: 42 });
    }
    const stats = await Promise.all(
      nodes.map(
        async (n) => ((await (await fetch(`${n.url}/stats`)).json()) as { sessions: number }).sessions,
      ),
    );
    t.deepEqual(stats, [1, 1, 1], 'N copies of one session');
    const peer = new CookieClient(c);
    for (const [k, v] of onA.cookies) peer.cookies.set(k, v);
    await onA.request('POST', '/logout');
    if (sync === '0') await new Promise((r) => setTimeout(r, 200));
    t.is((await peer.json('GET', '/api/me')).status, 401);
  });
}

test('replicated primary-backup copies to the next node only', async (t) => {
  const nodes = await startAppNodes(3, { STRATEGY: 'replicated', REPLICATION_MODE: 'primary-backup' });
  t.teardown(() => Promise.all(nodes.map((n) => n.close())));
  const onA = new CookieClient(nodes[0]?.url ?? '');
  await onA.request('POST', '/login', { username: 'user-1', password: 'secret' });
  const stats = await Promise.all(
    nodes.map(async (n) => ((await (await fetch(`${n.url}/stats`)).json()) as { sessions: number }).sessions),
  );
  t.deepEqual(stats, [1, 1, 0]);
});

test('jwt without revocation: any node accepts the token, and a copied token outlives logout', async (t) => {
  const nodes = await startAppNodes(2, { STRATEGY: 'jwt' });
  t.teardown(() => Promise.all(nodes.map((n) => n.close())));
  const [a, b] = nodes.map((n) => n.url) as [string, string];
  const journey = await walkJourney(a, 'user-3', 1);
  t.is(journey.me[0]?.status, 200);
  t.deepEqual(journey.read.body, { value: 'v-user-3' });
  t.is(journey.afterLogout, 401, 'the logged-out browser has no cookie any more');
  const client = new CookieClient(a);
  await client.request('POST', '/login', { username: 'user-4', password: 'secret' });
  const stolen = new CookieClient(b);
  for (const [k, v] of client.cookies) stolen.cookies.set(k, v);
  t.deepEqual((await stolen.json('GET', '/api/me')).body, { user: 'user-4', node: 'app-2' });
  await client.request('POST', '/logout');
  t.is(
    (await stolen.json('GET', '/api/me')).status,
    200,
    'stateless: logout cannot take effect without revocation',
  );
  stolen.cookies.set('sid', 'not-a-token');
  t.is((await stolen.json('GET', '/api/me')).status, 401);
});

test('configuration errors name the variable and the valid values', (t) => {
  t.throws(() => appConfigFromEnv({ STRATEGY: 'sticky' }), {
    message: /STRATEGY="sticky" is unknown. Valid strategies: memory, redis, replicated, jwt/,
  });
  t.throws(() => appConfigFromEnv({ REPLICATION_MODE: 'ring' }), {
    message: /Valid modes: all-to-all, primary-backup/,
  });
});
