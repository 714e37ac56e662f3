import test from 'ava';
import { requestIteration, startRun } from '../src/index.ts';
import { historySink, labApp, startServer } from './helpers/servers.ts';

const SERVICE_MS = 40;

// A server with capacity for one request at a time (SERVICE_MS each): 25 requests/s.
async function slowServer(): Promise<Awaited<ReturnType<typeof startServer>>> {
  let queue = Promise.resolve();
  return startServer((_req, res) => {
    queue = queue.then(
      () =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            res.end('ok');
            resolve();
          }, SERVICE_MS),
        ),
    );
  });
}

test('open model: above capacity, latency from the intended start includes the queueing delay', async (t) => {
  const server = await slowServer();
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  const result = await startRun({
    target: server.origin,
    load: { model: 'open', ratePerSec: 50, maxVus: 100, durationMs: 1000, graceMs: 10_000 },
    iteration: requestIteration('/'),
    sink,
  }).done;
  // The grace lets the queued arrivals finish on a busy machine: each of the 50 is answered.
  const latencies = ops.filter((o) => o.type === 'ok').map((o) => o.latency ?? 0);
  t.is(latencies.length, 50);
  t.is(result.dropped, 0);
  // 50 arrivals in 1 s against 25/s of capacity: the last ones wait about a second in line.
  // Service alone never exceeds SERVICE_MS (+ scheduling); queueing must show far beyond it.
  t.true(Math.max(...latencies) > SERVICE_MS * 10, `max latency ${Math.max(...latencies)}`);
  t.true(result.latencyMs.p90 > SERVICE_MS * 5, `p90 ${result.latencyMs.p90}`);
});

test('open model: when every VU is busy, iterations are dropped and counted', async (t) => {
  const server = await slowServer();
  t.teardown(() => server.close());
  const result = await startRun({
    target: server.origin,
    load: { model: 'open', ratePerSec: 40, maxVus: 2, durationMs: 500 },
    iteration: requestIteration('/'),
  }).done;
  t.is(result.vus, 2);
  t.true(result.dropped > 0);
  t.is(result.dropped + result.iterations, 20);
});

test('open model with new users: every arrival is a fresh VU with its own login', async (t) => {
  const app = labApp();
  const server = await startServer(app.handler);
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  const result = await startRun({
    target: server.origin,
    load: { model: 'open', arrivals: 'users', ratePerSec: 5, maxVus: 50, durationMs: 2000 },
    sink,
  }).done;
  t.is(result.vus, 10);
  t.is(result.iterations, 10);
  // Each login is a different user with its own session. No new step starts after the end, so the last
  // arrivals may not reach their login on a busy machine: the arrivals are spread over 2 s (over 0.5 s, 0 of
  // 10 logged in once at a load average of 14), the count is bounded below, and no answered login failed.
  const logins = ops.filter((o) => o.step === 'login' && o.type === 'ok');
  t.true(logins.length >= 5, `${logins.length} logins`);
  t.deepEqual(
    ops.filter((o) => o.step === 'login' && o.type === 'fail'),
    [],
  );
  t.is(new Set(logins.map((o) => o.user)).size, logins.length);
  t.is(app.sessionsByUser.size, logins.length);
});

test('closed model: ramp-up staggers VU starts and the duration bounds the run', async (t) => {
  const server = await startServer((_req, res) => res.end('ok'));
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  const result = await startRun({
    target: server.origin,
    load: { model: 'closed', vus: 4, thinkMs: { min: 5, max: 15 }, rampUpMs: 200, durationMs: 400 },
    iteration: requestIteration('/'),
    sink,
  }).done;
  const firstOf = (p: number): number => ops.find((o) => o.process === p)?.time ?? -1;
  t.true(firstOf(1) < firstOf(4));
  t.true(firstOf(4) >= 150);
  t.is(result.vus, 4);
  t.true(ops.every((o) => o.time < 1400));
});

test('stop() ends a long run early and cleanly', async (t) => {
  const server = await startServer((_req, res) => res.end('ok'));
  t.teardown(() => server.close());
  const run = startRun({
    target: server.origin,
    load: { model: 'closed', vus: 3, thinkMs: 20, durationMs: 60_000 },
    iteration: requestIteration('/'),
  });
  setTimeout(() => run.stop(), 200);
  const result = await run.done;
  t.true(result.durationMs < 5000);
  t.true(result.requests > 0);
  t.deepEqual(result.crashed, []);
});
