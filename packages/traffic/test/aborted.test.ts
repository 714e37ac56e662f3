import test from 'ava';
import { setTimeout as delay } from 'node:timers/promises';
import { seededRandom } from '@sessionchaos/core';
import { createHttpClient, createVuContext, startRun, VirtualUser, type Iteration } from '../src/index.ts';
import { historySink, startServer } from './helpers/servers.ts';

// One whoami per iteration: the smallest journey that sends a request.
const whoamiOnly: Iteration = async (vu, ctx) => {
  await vu.step(ctx, 'whoami', ctx.compiled.whoami);
};

test('requests the tool aborts when the run stops are info ops marked aborted, not target errors', async (t) => {
  // A target that never answers: every request is still in flight when the run is stopped.
  const server = await startServer(() => {});
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  const run = startRun({
    target: server.origin,
    load: { model: 'closed', vus: 3, thinkMs: 0, durationMs: 60_000 },
    iteration: whoamiOnly,
    sink,
  });
  await delay(200);
  run.stop();
  await run.done;
  const done = ops.filter((o) => o.type !== 'invoke');
  t.is(done.length, 3);
  for (const op of done) {
    t.is(op.type, 'info');
    t.is(op.status, undefined);
    t.true(op.aborted, JSON.stringify(op));
  }
});

test('near-miss: a target that resets the connection is an info error, not marked aborted', async (t) => {
  const server = await startServer((req) => req.socket.destroy());
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  await startRun({
    target: server.origin,
    load: { model: 'closed', vus: 2, thinkMs: 0, iterations: 1 },
    iteration: whoamiOnly,
    sink,
  }).done;
  const done = ops.filter((o) => o.type !== 'invoke');
  t.is(done.length, 2);
  for (const op of done) {
    t.is(op.type, 'info');
    t.truthy(op.error);
    t.is(op.aborted, undefined);
  }
});

test('a probe still sending as the run ends, on the client the run closed, is marked aborted', async (t) => {
  const server = await startServer((_req, res) => res.end('{}'));
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  const client = createHttpClient();
  await client.close();
  const ctx = createVuContext({ target: server.origin, client, sink });
  const vu = new VirtualUser(1, 'user-1', 'secret', seededRandom(1));
  const op = await vu.step(ctx, 'whoami', ctx.compiled.whoami);
  t.is(op.type, 'info');
  t.regex(op.error ?? '', /^UND_ERR_(CLOSED|DESTROYED)/);
  t.true(op.aborted);
  t.is(ops.length, 2);
});
