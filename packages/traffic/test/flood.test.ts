import test from 'ava';
import { DEFAULT_JOURNEY } from '@sessionchaos/core';
import { loggedInCookies, startFlood, startRun } from '../src/index.ts';
import { cookieOf, labApp, startServer } from './helpers/servers.ts';

test('flood: autocannon load with the cookies of logged-in VUs, counts and histogram returned', async (t) => {
  const seen = new Map<string, number>();
  const server = await startServer((req, res) => {
    const sid = cookieOf(req, 'sid') ?? 'anonymous';
    seen.set(sid, (seen.get(sid) ?? 0) + 1);
    res.end('ok');
  });
  t.teardown(() => server.close());
  const flood = startFlood({
    url: `${server.origin}/api/me`,
    connections: 4,
    durationMs: 1000,
    cookies: ['sid=a', 'sid=b'],
  });
  const r = await flood.done;
  t.true(r.requests > 0);
  t.is(r.byStatus['200'], r.requests);
  t.is(r.histogram.summary().count, r.requests);
  t.deepEqual([...seen.keys()].sort(), ['a', 'b']);
});

test('flood: anonymous, and stop() ends it early', async (t) => {
  let anonymous = 0;
  const server = await startServer((req, res) => {
    if (req.headers.cookie === undefined) anonymous++;
    res.end('ok');
  });
  t.teardown(() => server.close());
  const flood = startFlood({ url: `${server.origin}/`, connections: 2, durationMs: 30_000 });
  setTimeout(() => flood.stop(), 300);
  const r = await flood.done;
  t.true(r.durationMs < 10_000);
  t.true(r.requests > 0);
  t.is(anonymous, server.log.length);
});

test('flood: reuses the sessions of VUs that logged in through the journey', async (t) => {
  const server = await startServer(labApp().handler);
  t.teardown(() => server.close());
  const run = startRun({
    target: server.origin,
    journey: { ...DEFAULT_JOURNEY, logoutChance: 0 },
    load: { model: 'closed', vus: 3, thinkMs: 0, iterations: 1 },
  });
  await run.done;
  const cookies = loggedInCookies(run.vus(), `${server.origin}/api/me`);
  t.is(cookies.length, 3);
  const r = await startFlood({ url: `${server.origin}/api/me`, connections: 3, durationMs: 1000, cookies })
    .done;
  // Every flood request was authenticated as one of the VUs.
  t.true(r.requests > 0);
  t.is(r.byStatus['200'], r.requests);
});
