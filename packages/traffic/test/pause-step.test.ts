import test from 'ava';
import { URL_JOURNEY_BASE, type JourneySpec, type VuOp } from '@sessionchaos/core';
import { startRun } from '../src/index.ts';
import { cookieOf, historySink, startServer } from './helpers/servers.ts';

// The pause step kind, added through the step kind registry: a user reading the login page before submitting it.

/** A login page whose form must come back within `maxMs` of the page (a short-lived form), or it is refused. */
async function timedLoginApp(maxMs: number) {
  const opened = new Map<string, number>();
  let n = 0;
  return startServer((req, res, body) => {
    const path = (req.url ?? '/').split('?')[0];
    const sid = cookieOf(req, 'sid');
    if (path === '/login' && req.method === 'GET') {
      const fresh = `p${++n}`;
      opened.set(fresh, Date.now());
      return void res
        .writeHead(200, { 'set-cookie': `sid=${fresh}; Path=/`, 'content-type': 'text/html' })
        .end(
          '<form method="post" action="/login"><input name="username"><input type="password" name="password"></form>',
        );
    }
    if (path === '/login' && req.method === 'POST') {
      const at = sid === undefined ? undefined : opened.get(sid);
      if (at === undefined || Date.now() - at > maxMs) return void res.writeHead(403).end('form expired');
      const user = new URLSearchParams(body).get('username') ?? '';
      return void res.writeHead(204, { 'set-cookie': `sid=u-${user}; Path=/` }).end();
    }
    if (path === '/api/me') {
      if (!sid?.startsWith('u-')) return void res.writeHead(401).end();
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ user: sid.slice(2) }));
    }
    res.writeHead(404).end();
  });
}

function journeyWith(pause: string): JourneySpec {
  return {
    ...URL_JOURNEY_BASE,
    logoutChance: 0,
    login: [
      { method: 'GET', path: '/login' },
      { pause },
      { form: { fields: { username: '{{username}}', password: '{{password}}' } } },
    ],
    whoami: { method: 'GET', path: '/api/me', identity: '$.user' },
  } as JourneySpec;
}

async function walk(target: string, j: JourneySpec): Promise<VuOp[]> {
  const { ops, sink } = historySink();
  const result = await startRun({
    target,
    journey: j,
    load: { model: 'closed', vus: 1, thinkMs: 0, iterations: 1 },
    sink,
  }).done;
  if (result.crashed.length > 0) throw new Error(result.crashed.join('\n'));
  return ops;
}

test('a pause between the login page and its form waits, sends nothing and records no op', async (t) => {
  const server = await timedLoginApp(5000);
  t.teardown(() => server.close());
  const ops = await walk(server.origin, journeyWith('400ms'));
  const page = ops.find((o) => o.step === 'visit' && o.type === 'ok')!;
  const login = ops.find((o) => o.step === 'login' && o.type === 'invoke')!;
  t.true(login.time - page.time >= 400, `the form was sent ${login.time - page.time} ms after the page`);
  t.is(ops.find((o) => o.step === 'login' && o.type !== 'invoke')?.type, 'ok');
  // Two requests for the login (the page, the form), no third one for the pause.
  t.deepEqual(server.log.slice(0, 2), ['GET /login', 'POST /login']);
  t.is(ops.filter((o) => o.type === 'invoke' && (o.step === 'visit' || o.step === 'login')).length, 2);
});

test('near-miss: the same journey with a pause longer than the form lives is refused by the app', async (t) => {
  const server = await timedLoginApp(200);
  t.teardown(() => server.close());
  const ops = await walk(server.origin, journeyWith('400ms'));
  const login = ops.find((o) => o.step === 'login' && o.type !== 'invoke');
  t.is(login?.type, 'fail');
  t.is(login?.status, 403);
});
