import test from 'ava';
import { setTimeout as delay } from 'node:timers/promises';
import { setLongTimeout, startRun } from '../src/index.ts';
import { historySink, labApp, startServer } from './helpers/servers.ts';

test('a timer past 2^31 - 1 ms does not fire at once (Node would fire it after 1 ms); a short one fires', async (t) => {
  let fired = 0;
  const long = setLongTimeout(() => fired++, 2 ** 31 + 5_000);
  t.teardown(() => long.clear());
  let short = false;
  setLongTimeout(() => (short = true), 10);
  await delay(100);
  t.true(short);
  t.is(fired, 0);
});

test('a 24 h run is scheduled for 24 h: it is still running until it is stopped', async (t) => {
  const server = await startServer(labApp().handler);
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  const run = startRun({
    target: server.origin,
    load: { model: 'closed', vus: 1, thinkMs: 20, durationMs: 24 * 3_600_000 },
    sink,
  });
  let settled = false;
  void run.done.then(() => (settled = true));
  await delay(400);
  t.false(settled, 'the run ended by itself long before its duration');
  t.true(ops.some((o) => o.type === 'ok'));
  run.stop();
  const result = await run.done;
  t.true(result.iterations >= 1);
});
