import test from 'ava';
import { DEFAULT_JOURNEY } from '@sessionchaos/core';
import { startRun } from '../src/index.ts';
import { historySink, labApp, startServer } from './helpers/servers.ts';

test('the default journey walks the lab contract with one isolated cookie jar per VU', async (t) => {
  const app = labApp('app-7');
  const server = await startServer(app.handler);
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  const ticks: number[] = [];
  const run = startRun({
    target: server.origin,
    journey: { ...DEFAULT_JOURNEY, logoutChance: 0 },
    load: { model: 'closed', vus: 6, thinkMs: 0, iterations: 3 },
    seed: 7,
    sink,
    onMetrics: (m) => ticks.push(m.requests),
  });
  const result = await run.done;

  t.is(result.vus, 6);
  t.is(result.iterations, 18);
  // Each VU logged in once and kept its own session: 6 users, one distinct session id each.
  t.deepEqual(
    [...app.sessionsByUser.entries()].map(([u, s]) => [u, s.size]).sort(),
    [1, 2, 3, 4, 5, 6].map((n) => [`user-${n}`, 1]).sort(),
  );
  const whoami = ops.filter((o) => o.step === 'whoami' && o.type === 'ok');
  t.is(whoami.length, 18);
  for (const op of whoami) {
    t.is(op.identity, `user-${op.process}`);
    t.is(op.node, 'app-7');
  }
  // Sessions are distinct across VUs, stable within one.
  const sessionOf = new Map(whoami.map((o) => [o.process, o.session]));
  t.is(new Set(sessionOf.values()).size, 6);
  // Values written are read back.
  const reads = ops
    .filter((o) => o.step === 'read' && o.type === 'ok' && o.process === 3)
    .map((o) => o.value);
  t.deepEqual(reads, [1, 2, 3]);
  // Every invoke has exactly one completion with the same id and process.
  const invokes = ops.filter((o) => o.type === 'invoke');
  t.is(invokes.length * 2, ops.length);
  t.deepEqual(
    ops.map((o) => o.index),
    ops.map((_, i) => i),
  );
  t.true(ticks.length >= 1);
});

test('a login that sets the session cookie on a 303 keeps it on the next hop, and is not a loop', async (t) => {
  const server = await startServer(labApp().handler);
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  await startRun({
    target: server.origin,
    load: { model: 'closed', vus: 1, thinkMs: 0, iterations: 1 },
    sink,
  }).done;
  const visit = ops.find((o) => o.step === 'visit' && o.type !== 'invoke');
  t.deepEqual(
    visit?.hops?.map((h) => [h.url.replace(server.origin, ''), h.status]),
    [
      ['/', 302],
      ['/login', 200],
    ],
  );
  t.is(visit?.redirectLoop, undefined);
  const login = ops.find((o) => o.step === 'login' && o.type !== 'invoke');
  t.is(login?.type, 'ok');
  t.is(login?.redirectLoop, undefined);
  const [post, home] = login?.hops ?? [];
  t.is(post?.status, 303);
  t.deepEqual(
    post?.set.map((c) => c.name),
    ['sid'],
  );
  // The cookie set on the 303 went out with the very next hop.
  t.deepEqual(home?.sent, post?.set);
  t.is(home?.method, 'GET');
  t.is(home?.status, 200);
  t.is(login?.session, post?.set[0]?.hash);
});

test('a seeded run takes the same logout decisions twice', async (t) => {
  const server = await startServer(labApp().handler);
  t.teardown(() => server.close());
  const steps = async (): Promise<string> => {
    const { ops, sink } = historySink();
    await startRun({
      target: server.origin,
      journey: { ...DEFAULT_JOURNEY, logoutChance: 0.5 },
      load: { model: 'closed', vus: 1, thinkMs: 0, iterations: 8 },
      seed: 42,
      sink,
    }).done;
    return ops
      .filter((o) => o.type === 'invoke')
      .map((o) => o.step)
      .join(',');
  };
  const first = await steps();
  t.is(await steps(), first);
  t.true(first.includes('logout'));
});
