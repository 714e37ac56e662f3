import test from 'ava';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  checkHistory,
  CoverageTracker,
  RunMetrics,
  URL_JOURNEY_BASE,
  type JourneySpec,
} from '@sessionchaos/core';
import { checkJourney, startRun, type Iteration } from '../src/index.ts';
import { cookieOf, historySink, startServer } from './helpers/servers.ts';

// Targets of our own on 127.0.0.1 that fail in one named way each: the walk (`sessionchaos journey`)
// and the run must say which, from what came back, never a guess.

const FORM =
  '<form method=post action=/login><input type=hidden name=csrfmiddlewaretoken value=t1>' +
  '<input name=username><input type=password name=password></form>';

/** A login app: GET /login shows FORM; `refuse` says how it refuses a login; /me names the user of `sid`. */
async function app(
  refuse: (res: ServerResponse) => void,
  me: (req: IncomingMessage, res: ServerResponse) => void = (req, res) =>
    cookieOf(req, 'sid') === 'ok'
      ? void res.end(JSON.stringify({ user: 'user-1' }))
      : void res.writeHead(401).end(),
) {
  return startServer((req, res, body) => {
    if (req.url === '/login' && req.method === 'GET') return void res.end(`<html>${FORM}</html>`);
    if (req.url === '/login') {
      if (new URLSearchParams(body).get('password') !== 'secret') return refuse(res);
      return void res.writeHead(302, { location: '/home', 'set-cookie': 'sid=ok; Path=/' }).end();
    }
    if (req.url === '/home') return void res.end('<html>welcome back, user-1</html>');
    if (req.url === '/me') return me(req, res);
    res.writeHead(404).end();
  });
}

function journey(extra: Partial<JourneySpec> = {}): JourneySpec {
  return {
    ...URL_JOURNEY_BASE,
    visit: { method: 'GET', path: '/login' },
    login: {
      method: 'POST',
      path: '/login',
      bodyType: 'form',
      body: { username: '{{username}}', password: '{{password}}' },
    },
    whoami: { method: 'GET', path: '/me', identity: '$.user' },
    ...extra,
  };
}

test('the CSRF hint rests on a 403 at login: given for a 403, not for a login page shown again that carries a token field', async (t) => {
  const forbidden = await app((res) => void res.writeHead(403).end('Forbidden'));
  t.teardown(() => forbidden.close());
  const wrong = { credentials: { username: 'user-{{vu}}', password: 'nope' } };
  const a = await checkJourney({ target: forbidden.origin, journey: journey(wrong) });
  t.regex(a.failure!.problem, /hidden field\(s\) csrfmiddlewaretoken that the login does not send/);
  // Near-miss: refused by a redirect back to the form, which has a csrf field: no 403 anywhere.
  const shownAgain = await app((res) => void res.writeHead(302, { location: '/login' }).end());
  t.teardown(() => shownAgain.close());
  const b = await checkJourney({ target: shownAgain.origin, journey: journey(wrong) });
  t.false(b.ok);
  t.true(b.steps.every((s) => s.op.status !== 403));
  t.notRegex(`${b.failure!.problem} ${b.failure!.fix}`, /CSRF|403/);
  t.regex(b.failure!.problem, /the login did not log in/);
});

test('a whoami answering 200 MB that starts with the user: the walk says response-too-large, not "answered as nobody"', async (t) => {
  const server = await app(
    (res) => void res.writeHead(401).end(),
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"user":"user-1",');
      const pad = Buffer.alloc(64 * 1024, ' ');
      let left = 200 * 1024 * 1024;
      const pump = (): void => {
        while (left > 0 && !res.destroyed) {
          left -= pad.length;
          if (!res.write(pad)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end('}');
      };
      pump();
    },
  );
  t.teardown(() => server.close());
  const check = await checkJourney({ target: server.origin, journey: journey() });
  const me = check.steps.find((s) => s.role === 'whoami')!;
  t.is(me.op.identity, undefined);
  t.regex(me.op.error!, /^response-too-large: /);
  t.regex(check.failure!.problem, /more than maxBodyBytes \(1048576\)/);
  t.regex(check.failure!.fix, /journey\.maxBodyBytes/);
  t.notRegex(check.failure!.problem, /nobody/);
});

for (const [name, headers] of [
  ['10,000 Set-Cookie headers', Array.from({ length: 10_000 }, (_, i) => `c${i}=v${i}`)],
  ['one 1 MB cookie', [`big=${'x'.repeat(1024 * 1024)}`]],
] as const)
  test(`${name} at login: headers-too-large with the limit and its fix, not "no answer" nor a refusal`, async (t) => {
    const server = await startServer((req, res) => {
      if (req.url === '/login') return void res.writeHead(200, { 'set-cookie': [...headers] }).end('ok');
      res.writeHead(401).end();
    });
    t.teardown(() => server.close());
    const check = await checkJourney({ target: server.origin, journey: journey({ visit: undefined }) });
    const login = check.steps.find((s) => s.role === 'login')!;
    t.is(login.op.status, undefined);
    t.regex(
      login.op.error!,
      /^headers-too-large: the answer's headers passed the \d+ bytes the client reads/,
    );
    t.regex(check.failure!.problem, /answered, but the answer's headers passed/);
    t.regex(check.failure!.fix, /--max-http-header-size/);
    t.notRegex(check.failure!.fix, /check that the target runs/);
  });

test('a form step that finds no form is not-sent: in the walk and coverage, never a request, an error or an error-spike', async (t) => {
  // The page already shows the user logged in: there is no login form to submit.
  const server = await app((res) => void res.writeHead(401).end());
  t.teardown(() => server.close());
  const formLogin = journey({
    visit: undefined,
    login: { form: { page: '/home', fields: { username: '{{username}}' } } },
  });
  const check = await checkJourney({ target: server.origin, journey: formLogin });
  t.regex(check.failure!.problem, /^the login was not sent: http:\/\/127\.0\.0\.1:\d+\/home has no <form>/);
  const { ops, sink } = historySink();
  const iteration: Iteration = async (vu, ctx) => {
    await vu.logIn(ctx);
    await vu.step(ctx, 'whoami', ctx.compiled.whoami);
  };
  await startRun({
    target: server.origin,
    journey: formLogin,
    load: { model: 'closed', vus: 10, thinkMs: 0, iterations: 5 },
    iteration,
    sink,
  }).done;
  const logins = ops.filter((o) => o.type !== 'invoke' && o.step === 'login');
  t.is(logins.length, 50);
  for (const op of logins) {
    t.is(op.type, 'fail');
    t.true(op.notSent);
    t.is(op.status, undefined);
    t.regex(op.error!, /^not-sent: .*has no <form>/);
  }
  const result = checkHistory(ops, { loginPath: '/login', sessionCookie: 'sid' });
  t.false(result.findings.some((f) => f.kind === 'error-spike' || f.kind === 'store-outage'));
  // Coverage counts each as a login attempt that failed, its outcome "not sent" (not "no answer").
  const coverage = new CoverageTracker(10_000);
  for (const op of ops) coverage.feed(op);
  const c = coverage.coverage();
  t.deepEqual(c.roles.login, { attempts: 50, ok: 0 });
  t.deepEqual(c.loginRefusal, { outcome: 'not sent', count: 50 });
  const metrics = new RunMetrics();
  for (const op of ops) metrics.feed(op);
  // Only what was sent counts as a request: the GET /home of each form step and the whoamis (401).
  t.is(metrics.scopes.all.errors, 0, 'an errorRate gate reads 0');
  t.deepEqual(metrics.scopes.all.byStatus, { '200': 50, '401': 50 });
});
