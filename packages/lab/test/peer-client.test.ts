import test from 'ava';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { cachedLookup, peerClient, type Resolver } from '../src/app/peer-client.ts';

/**
 * A stand-in for the system resolver (named as such: a resolver that is slow or failing on demand
 * cannot be had from the real one on 127.0.0.1). It answers after `delayMs` and counts its calls.
 */
function countingResolver(answer: (name: string) => string | Error, delayMs = 20) {
  const calls: string[] = [];
  const resolver: Resolver = (hostname, callback) => {
    calls.push(hostname);
    setTimeout(() => {
      const a = answer(hostname);
      if (a instanceof Error) callback(Object.assign(a, { code: 'ENOTFOUND' }), '', 4);
      else callback(null, a, 4);
    }, delayMs);
  };
  return { resolver, calls };
}

function resolve(lookup: LookupFunction, name: string, all = false): Promise<unknown> {
  return new Promise((done) =>
    lookup(name, { all }, (error, address, family) =>
      done(error ? `error ${(error as NodeJS.ErrnoException).code}` : all ? address : `${address}/${family}`),
    ),
  );
}

test('one lookup per name at a time, its answer kept for the TTL, then asked again', async (t) => {
  const { resolver, calls } = countingResolver(() => '10.0.0.7');
  const lookup = cachedLookup(200, resolver);
  const first = await Promise.all([1, 2, 3, 4, 5].map(() => resolve(lookup, 'app-2')));
  t.deepEqual(first, Array(5).fill('10.0.0.7/4'));
  t.deepEqual(calls, ['app-2']);
  t.is(await resolve(lookup, 'app-2'), '10.0.0.7/4');
  t.deepEqual(calls, ['app-2'], 'within the TTL the kept answer is used');
  t.deepEqual(await resolve(lookup, 'app-2', true), [{ address: '10.0.0.7', family: 4 }]);
  await new Promise((r) => setTimeout(r, 250));
  t.is(await resolve(lookup, 'app-2'), '10.0.0.7/4');
  t.deepEqual(calls, ['app-2', 'app-2']);
});

test("a dead peer's failed lookup is kept too: the resolver is asked once per TTL, not once per copy", async (t) => {
  const { resolver, calls } = countingResolver((name) =>
    name === 'app-2' ? new Error('getaddrinfo ENOTFOUND app-2') : '10.0.0.8',
  );
  const lookup = cachedLookup(200, resolver);
  const answers = await Promise.all([
    ...[1, 2, 3].map(() => resolve(lookup, 'app-2')),
    resolve(lookup, 'app-3'),
  ]);
  t.deepEqual(answers, ['error ENOTFOUND', 'error ENOTFOUND', 'error ENOTFOUND', '10.0.0.8/4']);
  for (let i = 0; i < 10; i++) t.is(await resolve(lookup, 'app-2'), 'error ENOTFOUND');
  t.deepEqual(calls.sort(), ['app-2', 'app-3']);
});

test('the system resolver behind it: localhost resolves', async (t) => {
  t.is(await resolve(cachedLookup(), 'localhost'), '127.0.0.1/4');
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `localhost:${(server.address() as AddressInfo).port}`;
}

test('a peer that answers, one that never does, one that is gone: true, false after the timeout, false', async (t) => {
  const seen: string[] = [];
  const ok = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(204).end();
    });
  });
  const silent = createServer(() => {});
  t.teardown(() => {
    ok.closeAllConnections();
    ok.close();
    silent.closeAllConnections();
    silent.close();
  });
  const [okPeer, silentPeer] = [await listen(ok), await listen(silent)];
  const gone = createServer();
  const gonePeer = await listen(gone);
  await new Promise((r) => gone.close(r));
  const send = peerClient(300);
  t.true(await send(okPeer, 'PUT', '/_replica/s1', '{"user":"u"}'));
  t.true(await send(okPeer, 'DELETE', '/_replica/s1'));
  t.deepEqual(seen, ['PUT /_replica/s1 {"user":"u"}', 'DELETE /_replica/s1 ']);
  const t0 = performance.now();
  t.false(await send(silentPeer, 'PUT', '/_replica/s2', '{}'));
  const waited = performance.now() - t0;
  t.true(waited >= 290 && waited < 3_000, `gave up after ${Math.round(waited)} ms`);
  t.false(await send(gonePeer, 'PUT', '/_replica/s3', '{}'));
});
