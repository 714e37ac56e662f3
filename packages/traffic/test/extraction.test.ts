import test from 'ava';
import { DEFAULT_JOURNEY, type JourneySpec } from '@sessionchaos/core';
import { startRun } from '../src/index.ts';
import { cookieOf, historySink, startServer } from './helpers/servers.ts';

// Another app's contract: JSON login, identity in HTML (regex), node named by HAProxy's SERVERID cookie.
const journey: JourneySpec = {
  ...DEFAULT_JOURNEY,
  visit: { method: 'GET', path: '/home' },
  loginPage: '/signin',
  login: {
    method: 'POST',
    path: '/session',
    bodyType: 'json',
    body: { login: '{{username}}', pw: '{{password}}' },
  },
  credentials: { rows: [{ username: 'alice', password: 'pa' }] },
  whoami: { method: 'GET', path: '/profile', identity: '/Signed in as <b>([^<]+)<\\/b>/' },
  write: undefined,
  read: undefined,
  logout: undefined,
  sessionCookie: 'JSESSIONID',
  node: { cookie: 'SERVERID' },
};

test('identity from a regex and the node from a balancer cookie, with JSON login bodies', async (t) => {
  const bodies: string[] = [];
  const server = await startServer((req, res, body) => {
    if (req.url === '/session') {
      bodies.push(body);
      return void res
        .writeHead(200, { 'set-cookie': ['JSESSIONID=abc; Path=/', 'SERVERID=web-2; Path=/'] })
        .end('{}');
    }
    if (req.url === '/profile') {
      if (cookieOf(req, 'JSESSIONID') !== 'abc')
        return void res.writeHead(302, { location: '/signin' }).end();
      return void res.end('<p>Signed in as <b>alice</b></p>');
    }
    res.end('page');
  });
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  await startRun({
    target: server.origin,
    journey,
    load: { model: 'closed', vus: 1, thinkMs: 0, iterations: 2 },
    sink,
  }).done;
  t.deepEqual(JSON.parse(bodies[0] ?? ''), { login: 'alice', pw: 'pa' });
  const whoami = ops.filter((o) => o.step === 'whoami' && o.type !== 'invoke');
  t.is(whoami.length, 2);
  for (const op of whoami) {
    t.is(op.identity, 'alice');
    t.is(op.node, 'web-2');
    t.is(op.user, 'alice');
  }
});

test('a whoami redirected to the login page is anonymous, and the VU logs in again', async (t) => {
  let logins = 0;
  const server = await startServer((req, res) => {
    if (req.url === '/session') {
      logins++;
      return void res.writeHead(200, { 'set-cookie': `JSESSIONID=s${logins}; Path=/` }).end('{}');
    }
    if (req.url === '/profile') {
      // The session is "lost" after the first whoami of each login.
      if (cookieOf(req, 'JSESSIONID') === `s${logins}` && logins % 2 === 1) {
        logins++;
        return void res.end('Signed in as <b>alice</b>');
      }
      return void res.writeHead(302, { location: '/signin' }).end();
    }
    res.end('login form');
  });
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  await startRun({
    target: server.origin,
    journey,
    load: { model: 'closed', vus: 1, thinkMs: 0, iterations: 3 },
    sink,
  }).done;
  // The journey's own whoamis, not the replays that confirm the refusal before logging in again.
  const ids = ops
    .filter((o) => o.step === 'whoami' && o.type !== 'invoke' && o.probe === undefined)
    .map((o) => o.identity);
  t.deepEqual(ids, ['alice', null, 'alice']);
  t.is(ops.filter((o) => o.step === 'login' && o.type === 'ok').length, 2);
});
