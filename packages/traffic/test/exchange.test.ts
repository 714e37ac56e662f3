import test from 'ava';
import { exchange, createHttpClient, VuJar, type ExchangeOptions } from '../src/index.ts';
import { cookieOf, startServer } from './helpers/servers.ts';

function options(origin: string, extra: Partial<ExchangeOptions> = {}): ExchangeOptions {
  return { maxHops: 10, allowedOrigins: new Set([origin]), node: { header: 'x-served-by' }, ...extra };
}

test('a→b→a with the same cookies is a loop, recorded with every hop and never followed forever', async (t) => {
  const server = await startServer((req, res) => {
    res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end();
  });
  const client = createHttpClient();
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  const r = await exchange(
    client,
    new VuJar(),
    { method: 'GET', url: `${server.origin}/a` },
    options(server.origin),
  );
  t.is(r.redirectLoop, 'repeat');
  t.deepEqual(
    r.hops.map((h) => h.url.replace(server.origin, '')),
    ['/a', '/b'],
  );
  t.deepEqual(server.log, ['GET /a', 'GET /b']);
});

test('a chain that changes its cookie on every hop ends at the hop cap', async (t) => {
  let n = 0;
  const server = await startServer((_req, res) => {
    n++;
    res.writeHead(302, { location: `/step`, 'set-cookie': `c=${n}; Path=/` }).end();
  });
  const client = createHttpClient();
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  const r = await exchange(
    client,
    new VuJar(),
    { method: 'GET', url: `${server.origin}/start` },
    options(server.origin, { maxHops: 4 }),
  );
  t.is(r.redirectLoop, 'cap');
  t.is(r.hops.length, 5);
  t.is(server.log.length, 5);
  // Every hop sent the cookie the previous one set.
  t.deepEqual(r.hops[2]?.sent, r.hops[1]?.set);
});

test('a redirect to another origin is recorded but not followed unless that origin is allowed', async (t) => {
  const idp = await startServer((_req, res) => res.writeHead(200).end('idp'));
  const app = await startServer((_req, res) =>
    res.writeHead(302, { location: `${idp.origin}/authorize` }).end(),
  );
  const client = createHttpClient();
  t.teardown(async () => {
    await client.close();
    await app.close();
    await idp.close();
  });
  const blocked = await exchange(
    client,
    new VuJar(),
    { method: 'GET', url: `${app.origin}/` },
    options(app.origin),
  );
  t.is(blocked.status, 302);
  t.is(blocked.notFollowed, `${idp.origin}/authorize`);
  t.is(blocked.hops[0]?.location, `${idp.origin}/authorize`);
  t.deepEqual(idp.log, []);

  const allowed = await exchange(
    client,
    new VuJar(),
    { method: 'GET', url: `${app.origin}/` },
    options(app.origin, { allowedOrigins: new Set([app.origin, idp.origin]) }),
  );
  t.is(allowed.status, 200);
  t.is(allowed.body, 'idp');
  t.deepEqual(idp.log, ['GET /authorize']);
});

test('several Set-Cookie headers on one hop all land in the jar; cookies follow the cookie rules, not the port', async (t) => {
  const other = await startServer((req, res) => res.end(req.headers.cookie ?? 'none'));
  const app = await startServer((req, res) => {
    if (req.url === '/set') {
      return void res
        .writeHead(303, { location: '/check', 'set-cookie': ['a=1; Path=/', 'b=2; Path=/'] })
        .end();
    }
    res.end(`${cookieOf(req, 'a')},${cookieOf(req, 'b')}`);
  });
  const client = createHttpClient();
  t.teardown(async () => {
    await client.close();
    await app.close();
    await other.close();
  });
  const jar = new VuJar();
  const r = await exchange(
    client,
    jar,
    { method: 'POST', url: `${app.origin}/set`, body: 'x' },
    options(app.origin),
  );
  t.is(r.body, '1,2');
  t.is(r.hops[1]?.method, 'GET');
  t.deepEqual(
    r.hops[0]?.set.map((c) => c.name),
    ['a', 'b'],
  );
  // Same host, another port: a different origin, but cookies are not port-bound (RFC 6265).
  const o = await exchange(client, jar, { method: 'GET', url: `${other.origin}/` }, options(other.origin));
  t.is(o.body, 'a=1; b=2');
  // Another host gets none of them (checked on the jar: no request needed).
  t.deepEqual(jar.outgoing(`http://localhost:${new URL(other.origin).port}/`).refs, []);
});

test("a step's own content type and cookie headers replace the body's and the jar's, each sent once", async (t) => {
  const seen: { type?: string; cookie?: string; raw: string[] }[] = [];
  const server = await startServer((req, res) => {
    seen.push({ type: req.headers['content-type'], cookie: req.headers.cookie, raw: req.rawHeaders });
    res.writeHead(200, { 'set-cookie': 'sid=jar; Path=/' }).end('ok');
  });
  const client = createHttpClient();
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  const jar = new VuJar();
  const send = (headers?: [string, string][]) =>
    exchange(
      client,
      jar,
      { method: 'POST', url: `${server.origin}/x`, body: '{}', contentType: 'application/json', headers },
      options(server.origin),
    );
  await send();
  await send([
    ['content-type', 'application/vnd.api+json'],
    ['cookie', 'sid=replayed'],
    ['x-trace', 'vu-1'],
  ]);
  // Near-miss: without headers of its own, the body's type and the jar's cookie go out.
  await send([['x-trace', 'vu-1']]);
  t.is(seen[0]?.type, 'application/json');
  t.is(seen[0]?.cookie, undefined);
  t.is(seen[1]?.type, 'application/vnd.api+json');
  t.is(seen[1]?.cookie, 'sid=replayed');
  t.is(seen[1]?.raw.filter((h) => /^content-type$/i.test(h)).length, 1);
  t.is(seen[1]?.raw.filter((h) => /^cookie$/i.test(h)).length, 1);
  t.is(seen[2]?.type, 'application/json');
  t.is(seen[2]?.cookie, 'sid=jar');
});
