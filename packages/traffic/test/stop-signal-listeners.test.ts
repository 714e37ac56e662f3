import { getEventListeners } from 'node:events';
import test from 'ava';
import { createHttpClient, send } from '../src/index.ts';
import { startServer } from './helpers/servers.ts';

// Every request of a run shares its one stop signal. A listener added and removed per request
// cost more than the request's own bookkeeping; the signal holds one listener for all of them,
// and aborting it still cuts every request in flight.
test('requests under one stop signal share one abort listener, and aborting it cuts each one in flight', async (t) => {
  let hold = false;
  const server = await startServer((req, res) => {
    if (!hold) res.end('ok');
  });
  t.teardown(() => server.close());
  const client = createHttpClient({ connections: 4 });
  t.teardown(() => client.destroy());
  const { origin } = new URL(server.origin);
  const stop = new AbortController();
  for (let i = 0; i < 50; i++) {
    const r = await send(client, { origin, path: '/', method: 'GET', headers: [], signal: stop.signal });
    t.is(r.body, 'ok');
  }
  t.is(getEventListeners(stop.signal, 'abort').length, 1);
  hold = true;
  const held = Array.from({ length: 3 }, () =>
    send(client, { origin, path: '/', method: 'GET', headers: [], signal: stop.signal }),
  );
  await new Promise((r) => setTimeout(r, 200));
  stop.abort(new Error('the run stopped'));
  for (const p of held) await t.throwsAsync(p, { message: /the run stopped/ });
  t.is(getEventListeners(stop.signal, 'abort').length, 0);
});
