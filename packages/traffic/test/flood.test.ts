import test from 'ava';
import { startFlood } from '../src/index.ts';
import { cookieOf, startServer } from './helpers/servers.ts';

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
