import test from 'ava';
import { URL_JOURNEY_BASE, type JourneySpec, type VuOp } from '@sessionchaos/core';
import { startRun } from '../src/index.ts';
import { cookieOf, historySink, startServer } from './helpers/servers.ts';

// Small servers written here exercise the journey language's mechanics one by one; the journeys
// against real frameworks' own logins are in test/real-apps.

function journey(partial: Partial<JourneySpec>): JourneySpec {
  return { ...URL_JOURNEY_BASE, logoutChance: 0, ...partial } as JourneySpec;
}

async function walk(target: string, j: JourneySpec, iterations = 2): Promise<VuOp[]> {
  const { ops, sink } = historySink();
  const result = await startRun({
    target,
    journey: j,
    load: { model: 'closed', vus: 1, thinkMs: 0, iterations },
    sink,
  }).done;
  if (result.crashed.length > 0) throw new Error(result.crashed.join('\n'));
  return ops.filter((o) => o.type !== 'invoke');
}

/** A server-rendered login with a synchronizer CSRF token kept in a pre-login session; POST /login answers 204. */
async function csrfApp() {
  const sessions = new Map<string, { csrf: string; user?: string }>();
  let n = 0;
  return startServer((req, res, body) => {
    let sid = cookieOf(req, 'sid');
    let s = sid === undefined ? undefined : sessions.get(sid);
    if (!s) {
      sid = `s${++n}`;
      s = { csrf: `tok${n}+/=` };
      sessions.set(sid, s);
      res.setHeader('set-cookie', `sid=${sid}; Path=/`);
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/login' && req.method === 'GET')
      return void res.end(
        `<html><body><form action="/search"><input name=q></form>` +
          `<form method="post" action="/login"><input type="hidden" name="_csrf" value="${s.csrf}">` +
          `<input name="username"><input type="password" name="password">` +
          `<input type="checkbox" name="remember" value="yes"><button>Sign in</button></form></body></html>`,
      );
    if (path === '/login' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      if (form.get('_csrf') !== s.csrf) return void res.writeHead(403).end('invalid csrf token');
      if (form.get('password') !== 'secret' || form.has('remember')) return void res.writeHead(401).end();
      sessions.delete(sid!);
      const fresh = `s${++n}`;
      sessions.set(fresh, { csrf: `tok${n}`, user: form.get('username') ?? '' });
      return void res.writeHead(204, { 'set-cookie': `sid=${fresh}; Path=/` }).end();
    }
    if (path === '/api/me') {
      if (!s.user) return void res.writeHead(302, { location: '/login' }).end();
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ me: { name: s.user } }));
    }
    res.writeHead(404).end();
  });
}

test('a form step logs in through a CSRF-protected form: hidden token kept, fields filled, 204 on the login path is a success', async (t) => {
  const server = await csrfApp();
  t.teardown(() => server.close());
  const ops = await walk(
    server.origin,
    journey({
      login: { form: { page: '/login', fields: { username: '{{username}}', password: '{{password}}' } } },
      whoami: { method: 'GET', path: '/api/me', identity: '$.me.name' },
    }),
  );
  const login = ops.find((o) => o.step === 'login')!;
  t.is(login.type, 'ok');
  t.is(login.status, 204);
  t.is(login.url, `${server.origin}/login`);
  // The page was opened as a visit, then the form (the one with a password field, not the search form) submitted.
  t.deepEqual(server.log.slice(0, 2), ['GET /login', 'POST /login']);
  const whoami = ops.filter((o) => o.step === 'whoami');
  t.deepEqual(
    whoami.map((o) => o.identity),
    ['user-1', 'user-1'],
  );
});

test('the same login as a plain POST without the token is refused, and a captured token makes it work', async (t) => {
  const server = await csrfApp();
  t.teardown(() => server.close());
  const plain = await walk(
    server.origin,
    journey({
      login: {
        method: 'POST',
        path: '/login',
        bodyType: 'form',
        body: { username: '{{username}}', password: '{{password}}' },
      },
      whoami: { method: 'GET', path: '/api/me', identity: '$.me.name' },
    }),
    1,
  );
  t.deepEqual(
    plain.map((o) => [o.step, o.type, o.status]),
    [['login', 'fail', 403]],
  );
  const captured = await walk(
    server.origin,
    journey({
      login: [
        { method: 'GET', path: '/login', capture: { csrf: { html: 'input[name=_csrf]' } } },
        {
          method: 'POST',
          path: '/login',
          bodyType: 'form',
          body: { _csrf: '{{csrf}}', username: '{{username}}', password: '{{password}}' },
          expect: { status: [204] },
        },
      ],
      whoami: { method: 'GET', path: '/api/me', identity: '$.me.name' },
    }),
    1,
  );
  t.deepEqual(
    captured.map((o) => [o.step, o.type, o.status]),
    [
      ['visit', 'ok', 200],
      ['login', 'ok', 204],
      ['whoami', 'ok', 200],
    ],
  );
});

test('a capture that finds nothing fails its step and names the capture', async (t) => {
  const server = await csrfApp();
  t.teardown(() => server.close());
  const ops = await walk(
    server.origin,
    journey({
      login: [
        { method: 'GET', path: '/login', capture: { csrf: { html: 'input[name=csrf_token]' } } },
        { method: 'POST', path: '/login', bodyType: 'form', body: { _csrf: '{{csrf}}' } },
      ],
      whoami: { method: 'GET', path: '/api/me', identity: '$.me.name' },
    }),
    1,
  );
  t.is(ops.length, 1);
  t.is(ops[0]!.type, 'fail');
  t.is(ops[0]!.status, 200);
  t.regex(ops[0]!.error ?? '', /capture "csrf" \{html: "input\[name=csrf_token\]"\} found nothing/);
});

test('a token login: any JSON body, the token captured and sent as a bearer header only once captured; its hash is the session', async (t) => {
  const bodies: unknown[] = [];
  const auth: (string | undefined)[] = [];
  const server = await startServer((req, res, body) => {
    auth.push(req.headers.authorization);
    const json = (status: number, v: unknown): void =>
      void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(v));
    if (req.url === '/api/login') {
      bodies.push(JSON.parse(body));
      return json(200, { data: { token: 'secret-token-value' } });
    }
    if (req.url === '/api/whoami')
      return req.headers.authorization === 'Bearer secret-token-value'
        ? json(200, { email: 'a@x' })
        : json(401, {});
    if (req.url === '/api/logout') return json(200, {});
    json(404, {});
  });
  t.teardown(() => server.close());
  const ops = await walk(
    server.origin,
    journey({
      headers: { authorization: 'Bearer {{token}}', 'x-client': 'sessionchaos/{{vu}}' },
      login: {
        method: 'POST',
        path: '/api/login',
        bodyType: 'json',
        body: {
          email: '{{username}}',
          remember: true,
          tries: 3,
          scopes: ['a', '{{vu}}'],
          meta: { vu: '{{vu}}' },
        },
        capture: { token: '$.data.token' },
      },
      whoami: { method: 'GET', path: '/api/whoami', identity: '$.email' },
      logout: { method: 'POST', path: '/api/logout' },
      sessionToken: 'token',
      logoutChance: 1,
    }),
    1,
  );
  t.deepEqual(bodies, [{ email: 'user-1', remember: true, tries: 3, scopes: ['a', 1], meta: { vu: 1 } }]);
  // No "Bearer " with an empty token before login; the token on every request after it.
  t.deepEqual(auth, [undefined, 'Bearer secret-token-value', 'Bearer secret-token-value']);
  const [login, whoami, logout] = ops;
  t.is(whoami!.identity, 'a@x');
  t.truthy(login!.session);
  t.is(whoami!.session, login!.session);
  t.is(logout!.type, 'ok');
  t.false(JSON.stringify(ops).includes('secret-token-value'));
});

test('a multi-step login across an allowed origin: app -> identity provider form -> callback, the form taken from the page the redirects ended on', async (t) => {
  const idp = await startServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/authorize' && req.method === 'GET')
      return void res.end(
        `<form method="post" action="/authorize?back=${encodeURIComponent(url.searchParams.get('back') ?? '')}">` +
          `<input name="login"><input name="password" type="password"></form>`,
      );
    const form = new URLSearchParams(body);
    const back = url.searchParams.get('back') ?? '';
    res.writeHead(302, { location: `${back}?code=${form.get('login')}` }).end();
  });
  t.teardown(() => idp.close());
  const app = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/login')
      return void res
        .writeHead(302, { location: `${idp.origin}/authorize?back=${encodeURIComponent(appOrigin + '/cb')}` })
        .end();
    if (url.pathname === '/cb')
      return void res
        .writeHead(302, { location: '/', 'set-cookie': `sid=${url.searchParams.get('code')}; Path=/` })
        .end();
    if (url.pathname === '/') return void res.end('home');
    const sid = cookieOf(req, 'sid');
    res
      .writeHead(sid ? 200 : 401, { 'content-type': 'application/json' })
      .end(JSON.stringify({ user: sid ?? null }));
  });
  const appOrigin = app.origin;
  t.teardown(() => app.close());
  const ops = await walk(
    app.origin,
    journey({
      loginPage: '/signin',
      allowedOrigins: [idp.origin],
      login: [
        { method: 'GET', path: '/login' },
        { form: { fields: { login: '{{username}}', password: '{{password}}' } } },
      ],
      whoami: { method: 'GET', path: '/api/me', identity: '$.user' },
    }),
    1,
  );
  t.deepEqual(
    ops.map((o) => [o.step, o.type]),
    [
      ['visit', 'ok'],
      ['login', 'ok'],
      ['whoami', 'ok'],
    ],
  );
  t.is(ops[0]!.hops!.length, 2);
  t.deepEqual(
    ops[1]!.hops!.map((h) => new URL(h.url).origin),
    [idp.origin, app.origin, app.origin],
  );
  t.is(ops[2]!.identity, 'user-1');
});

test('a login whose redirects end on the login page failed; a whoami that names nobody on a 2xx is anonymous', async (t) => {
  const server = await startServer((req, res) => {
    if (req.url === '/login' && req.method === 'POST')
      return void res.writeHead(302, { location: '/login?error=1' }).end();
    if (req.url?.startsWith('/login')) return void res.end('<form>login</form>');
    res.end('<form action="/j_security_check">login</form>');
  });
  t.teardown(() => server.close());
  const ops = await walk(
    server.origin,
    journey({
      login: { method: 'POST', path: '/login' },
      whoami: { method: 'GET', path: '/api/me', identity: '$.user' },
    }),
    1,
  );
  t.deepEqual(
    ops.map((o) => [o.step, o.type]),
    [['login', 'fail']],
  );
  const anon = await walk(
    server.origin,
    journey({
      login: { method: 'GET', path: '/home' },
      whoami: { method: 'GET', path: '/api/me', identity: '$.user' },
    }),
    1,
  );
  t.deepEqual(
    anon.map((o) => [o.step, o.type, o.identity]),
    [
      ['login', 'ok', undefined],
      ['whoami', 'ok', null],
    ],
  );
});
