import test from 'ava';
import { TOMCAT_LAB_JOURNEY, type JourneySpec, type VuOp } from '@sessionchaos/core';
import { startRun } from '../src/index.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cookieOf, historySink, startServer, type TestServer } from './helpers/servers.ts';

// A FORM login as Tomcat does it, on 127.0.0.1: a protected page answers its login form in place
// (200) when nobody is logged in, and its content once someone is; the form posts to
// j_security_check, which answers 303 with a new session id. Once, the page the 303 leads to is
// cut off (its connection destroyed, as a node killed mid-login does): the login went through,
// but its answer never came.

// The lab's Tomcat journey (a protected page, then its form), nothing else in each iteration but whoami.
const JOURNEY: JourneySpec = {
  ...TOMCAT_LAB_JOURNEY,
  visit: { method: 'GET', path: '/api/me' },
  write: undefined,
  read: undefined,
  logoutChance: 0,
};

/** One VU walking `iterations` iterations against `server`; its completed ops. */
async function walk(server: TestServer, iterations: number): Promise<VuOp[]> {
  const { ops, sink } = historySink();
  await startRun({
    target: server.origin,
    journey: JOURNEY,
    load: { model: 'closed', vus: 1, thinkMs: 0, iterations },
    seed: 1,
    sink,
  }).done;
  return ops.filter((o) => o.type !== 'invoke');
}

const FORM =
  '<html><body><form method="post" action="/j_security_check"><input name="j_username">' +
  '<input name="j_password" type="password"></form></body></html>';

/** The app; the first `cutOffLandings` pages a login's 303 leads to are cut off. */
function formLoginApp(cutOffLandings: number) {
  const users = new Map<string, string | null>();
  // Sessions just authenticated: their next GET /api/me is the 303's landing.
  const landing = new Set<string>();
  let next = 0;
  let cut = 0;
  const handler = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    let sid = cookieOf(req, 'JSESSIONID');
    if (sid === undefined || !users.has(sid)) {
      sid = `s${++next}`;
      users.set(sid, null);
      res.setHeader('set-cookie', `JSESSIONID=${sid}; Path=/; HttpOnly`);
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/j_security_check' && req.method === 'POST') {
      const id = `s${++next}`; // a new id on authentication, as Tomcat changes it
      users.delete(sid);
      users.set(id, new URLSearchParams(body).get('j_username'));
      landing.add(id);
      return void res.writeHead(303, { location: '/api/me', 'set-cookie': `JSESSIONID=${id}; Path=/` }).end();
    }
    if (path !== '/api/me') return void res.writeHead(404).end();
    const user = users.get(sid) ?? null;
    if (user === null) return void res.writeHead(200, { 'content-type': 'text/html' }).end(FORM);
    if (landing.delete(sid) && cut < cutOffLandings) {
      cut++;
      return void req.socket.destroy();
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ user }));
  };
  return { handler, cutCount: () => cut };
}

test('a FORM login whose landing page was cut off went through: the VU asks whoami, finds itself logged in and carries on', async (t) => {
  const app = formLoginApp(1);
  const server = await startServer(app.handler);
  t.teardown(() => server.close());
  const done = await walk(server, 6);
  t.is(app.cutCount(), 1, 'the landing page was cut off once');
  const logins = done.filter((o) => o.step === 'login');
  // The one login: answered 303 with the new session, its landing cut off.
  t.deepEqual(
    logins.map((o) => [o.type, o.hops?.[0]?.status]),
    [['info', 303]],
  );
  // Then whoami, which names the user, and every iteration after it goes on as logged in.
  const whoami = done.filter((o) => o.step === 'whoami');
  // One whoami to settle the login, then one in each of the five iterations left.
  t.is(whoami.length, 6);
  t.true(whoami.every((o) => o.type === 'ok' && o.identity === 'user-1'));
});

test('a login cut off before it reached the server: whoami says anonymous, and the VU logs in again', async (t) => {
  // The same app, but the cut comes on the form page itself (before j_security_check): nobody is logged in.
  let cut = false;
  const app = formLoginApp(0);
  const server = await startServer((req, res, body) => {
    if (!cut && req.method === 'POST') {
      cut = true;
      return void req.socket.destroy();
    }
    app.handler(req, res, body);
  });
  t.teardown(() => server.close());
  const done = await walk(server, 3);
  t.deepEqual(
    done
      .filter((o) => o.step === 'login' || o.step === 'whoami')
      .map((o) => [o.step, o.type, o.identity === undefined ? '-' : o.identity]),
    [
      ['login', 'info', '-'],
      ['whoami', 'ok', null],
      ['login', 'ok', '-'],
      ['whoami', 'ok', 'user-1'],
      ['whoami', 'ok', 'user-1'],
    ],
  );
});
