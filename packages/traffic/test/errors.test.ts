import test from 'ava';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { checkTarget, requestIteration, startRun } from '../src/index.ts';
import { historySink, startServer } from './helpers/servers.ts';

test('a target that never answers: timeouts are recorded as info with the error, and the run ends', async (t) => {
  const server = await startServer(() => {
    /* never responds */
  });
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  const result = await startRun({
    target: server.origin,
    load: { model: 'closed', vus: 2, thinkMs: 0, iterations: 1 },
    iteration: requestIteration('/'),
    timeoutMs: 300,
    sink,
  }).done;
  const done = ops.filter((o) => o.type !== 'invoke');
  t.is(done.length, 2);
  for (const op of done) {
    t.is(op.type, 'info');
    t.is(op.status, undefined);
    t.regex(op.error ?? '', /TIMEOUT/);
  }
  t.is(result.info, 2);
});

test('a connection reset and a refused connection are info, never a crash', async (t) => {
  // A raw TCP server that resets every connection.
  const raw = createServer((socket) => socket.resetAndDestroy());
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  const { port } = raw.address() as AddressInfo;
  const { ops, sink } = historySink();
  const result = await startRun({
    target: `http://127.0.0.1:${port}`,
    load: { model: 'closed', vus: 1, thinkMs: 0, iterations: 2 },
    sink,
  }).done;
  const done = ops.filter((o) => o.type !== 'invoke');
  t.true(done.length >= 2);
  t.true(
    done.every((o) => o.type === 'info' && /ECONNRESET|SocketError|other side closed/i.test(o.error ?? '')),
  );
  t.deepEqual(result.crashed, []);

  // Nothing listening any more: refused.
  await new Promise<void>((resolve) => raw.close(() => resolve()));
  const refused = historySink();
  await startRun({
    target: `http://127.0.0.1:${port}`,
    load: { model: 'closed', vus: 1, thinkMs: 0, iterations: 1 },
    sink: refused.sink,
  }).done;
  const failed = refused.ops.filter((o) => o.type !== 'invoke');
  t.true(failed.length >= 1);
  t.true(failed.every((o) => o.type === 'info' && /ECONNREFUSED/.test(o.error ?? '')));
});

test('checkTarget: a clear message when nothing listens, ok when something answers', async (t) => {
  const server = await startServer((_req, res) => res.writeHead(302, { location: '/login' }).end());
  const closedPort = new URL(server.origin).port;
  const up = await checkTarget(server.origin);
  t.like(up, { ok: true, status: 302 });
  await server.close();
  const down = await checkTarget(`http://127.0.0.1:${closedPort}`);
  t.false(down.ok);
  if (!down.ok) {
    t.regex(down.message, /did not answer - ECONNREFUSED/);
    t.regex(down.message, /--target/);
  }
  const bad = await checkTarget('not a url');
  t.false(bad.ok);
});
