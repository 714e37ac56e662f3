import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { MemcachedClient } from '../src/app/memcached-client.ts';
import { startAppNodes } from './helpers/app-node.ts';
import { assertNoLoss, journeys } from './helpers/lab-assertions.ts';

// A real memcached (Debian's /usr/bin/memcached, scripts/setup.sh installs it) on 127.0.0.1.

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startMemcached(port: number): Promise<ChildProcess> {
  const child = spawn('memcached', ['-u', 'root', '-l', '127.0.0.1', '-p', String(port), '-m', '16'], {
    stdio: 'ignore',
  });
  const client = new MemcachedClient(`127.0.0.1:${port}`);
  for (let i = 0; i < 50 && !client.ready; i++) await sleep(50);
  await client.close();
  return child;
}

const stop = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

test.serial('the client stores, reads, touches and deletes; a missing key reads null', async (t) => {
  const port = await freePort();
  const server = await startMemcached(port);
  t.teardown(() => stop(server));
  const client = new MemcachedClient(`127.0.0.1:${port}`);
  t.teardown(() => client.close());
  for (let i = 0; i < 50 && !client.ready; i++) await sleep(20);
  t.true(client.ready);
  t.is(await client.get('sess:none'), null);
  await client.set('sess:a', '{"user":"user-1","value":[1,2]}', 60);
  t.is(await client.get('sess:a'), '{"user":"user-1","value":[1,2]}');
  await client.touch('sess:a', 120);
  // Replies come back in request order on one connection, also when the requests overlap.
  const many = await Promise.all(
    Array.from({ length: 20 }, (_, i) => client.set(`k${i}`, `v${i}`, 60).then(() => client.get(`k${i}`))),
  );
  t.deepEqual(
    many,
    Array.from({ length: 20 }, (_, i) => `v${i}`),
  );
  await client.delete('sess:a');
  t.is(await client.get('sess:a'), null);
});

test.serial(
  'two memcached app nodes share every session; with Memcached down requests fail at once, and after a restart the sessions are gone',
  async (t) => {
    const port = await freePort();
    let server = await startMemcached(port);
    t.teardown(() => stop(server));
    const nodes = await startAppNodes(2, { STRATEGY: 'memcached', MEMCACHED: `127.0.0.1:${port}` });
    t.teardown(() => Promise.all(nodes.map((n) => n.close())).then(() => undefined));
    for (const n of nodes) {
      for (let i = 0; i < 50 && (await fetch(`${n.url}/readyz`)).status !== 200; i++) await sleep(20);
      t.is((await fetch(`${n.url}/readyz`)).status, 200);
    }
    const [a, b] = nodes;
    if (!a || !b) return t.fail();
    // Log in on one node, use the session on the other.
    const login = await fetch(`${a.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=user-3&password=secret',
    });
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    t.is(login.status, 303);
    const me = await fetch(`${b.url}/api/me`, { headers: { cookie } });
    t.deepEqual(await me.json(), { user: 'user-3', node: 'app-2' });
    // The default journey, alternating nodes through a node's own URL each time, loses nothing.
    assertNoLoss(t, await journeys(a.url, 2, 'mc'), 'mc');

    await stop(server);
    const started = Date.now();
    const down = await fetch(`${b.url}/api/me`, { headers: { cookie } });
    await down.arrayBuffer();
    t.is(down.status, 500);
    t.true(Date.now() - started < 1000, 'fails fast while Memcached is down');
    t.is((await fetch(`${b.url}/readyz`)).status, 503);

    server = await startMemcached(port);
    for (let i = 0; i < 50 && (await fetch(`${b.url}/readyz`)).status !== 200; i++) await sleep(50);
    const after = await fetch(`${b.url}/api/me`, { headers: { cookie } });
    t.is(after.status, 401, 'a restarted Memcached holds no session');
  },
);
