import test from 'ava';
import {
  checkHistory,
  CoverageTracker,
  RunMetrics,
  URL_JOURNEY_BASE,
  validateJourney,
  type CaptureInput,
  type JourneySpec,
} from '@sessionchaos/core';
import { checkJourney, startRun } from '../src/index.ts';
import { cookieOf, historySink, startServer } from './helpers/servers.ts';

// A step whose template needs a value the VU does not have (its capture found nothing) is not-sent,
// naming the value and the capture that should have set it: before, it was sent with an empty value.

/** GET /login shows `token` in a hidden field; POST /login logs in with the right password, whatever the token. */
async function app(token: string, loginPage = '/login') {
  const posts: string[] = [];
  const server = await startServer((req, res, body) => {
    if (req.url === loginPage && req.method === 'GET')
      return void res.end(`<html><form><input type=hidden name=_csrf value="${token}"></form></html>`);
    if (req.url === '/login' && req.method === 'POST') {
      posts.push(body);
      if ((JSON.parse(body) as { password?: string }).password !== 'secret')
        return void res.writeHead(403).end();
      return void res.writeHead(200, { 'set-cookie': 'sid=ok; Path=/' }).end('{}');
    }
    if (req.url === '/me')
      return cookieOf(req, 'sid') === 'ok'
        ? void res.end(JSON.stringify({ user: 'user-1' }))
        : void res.writeHead(401).end();
    res.writeHead(404).end();
  });
  return { server, posts };
}

function journey(csrf: CaptureInput): JourneySpec {
  return {
    ...URL_JOURNEY_BASE,
    visit: { method: 'GET', path: '/login', capture: { csrf } },
    login: {
      method: 'POST',
      path: '/login',
      body: { username: '{{username}}', password: '{{password}}', _csrf: '{{csrf}}' },
    },
    whoami: { method: 'GET', path: '/me', identity: '$.user' },
  };
}

const NEVER = { regex: '/name="csrf-token" content="([^"]+)"/' };

test('a login needing {{csrf}} whose regex never matches is not-sent: no request, no error, coverage "not sent"', async (t) => {
  const { server, posts } = await app('t1');
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  await startRun({
    target: server.origin,
    journey: journey(NEVER),
    load: { model: 'closed', vus: 10, thinkMs: 0, iterations: 5 },
    sink,
  }).done;
  t.is(posts.length, 0, 'no login reached the target');
  const logins = ops.filter((o) => o.type !== 'invoke' && o.step === 'login');
  t.is(logins.length, 50);
  for (const op of logins) {
    t.is(op.type, 'fail');
    t.true(op.notSent);
    t.is(op.status, undefined);
    t.is(op.method, 'POST');
    t.regex(
      op.error!,
      /^not-sent: \{\{csrf\}\} has no value: the capture that sets it, \{regex: .*csrf-token.*\} on the visit \(GET \/login\), found nothing/,
    );
  }
  const result = checkHistory(ops, { loginPath: '/login', sessionCookie: 'sid' });
  t.false(result.findings.some((f) => f.kind === 'error-spike' || f.kind === 'store-outage'));
  const coverage = new CoverageTracker(10_000);
  for (const op of ops) coverage.feed(op);
  const c = coverage.coverage();
  t.deepEqual(c.roles.login, { attempts: 50, ok: 0 });
  t.deepEqual(c.loginRefusal, { outcome: 'not sent', count: 50 });
  const metrics = new RunMetrics();
  for (const op of ops) metrics.feed(op);
  // Only the visits were sent (200, their capture failing is the journey's, not the target's).
  t.is(metrics.scopes.all.errors, 0, 'an errorRate gate reads 0');
  t.deepEqual(metrics.scopes.all.byStatus, { '200': 50 });
});

test('near-miss: a capture that matched an empty value is present, and the login is sent with it', async (t) => {
  const { server, posts } = await app('');
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  await startRun({
    target: server.origin,
    journey: journey({ regex: '/name=_csrf value="([^"]*)"/' }),
    load: { model: 'closed', vus: 2, thinkMs: 0, iterations: 2 },
    sink,
  }).done;
  t.true(posts.length >= 2);
  for (const p of posts) t.is((JSON.parse(p) as { _csrf: unknown })._csrf, '');
  t.false(ops.some((o) => o.notSent === true));
  t.true(ops.some((o) => o.type === 'ok' && o.step === 'login'));
});

test('the walk names the missing capture and its fix: a regex that never matches, and a capture whose page was not there', async (t) => {
  const { server } = await app('t1');
  t.teardown(() => server.close());
  // The visit answers, its regex finds nothing: the walk stops there, at the capture.
  const a = await checkJourney({ target: server.origin, journey: journey(NEVER) });
  t.false(a.ok);
  t.is(a.failure!.step, 0);
  t.regex(a.failure!.problem, /capture "csrf" \{regex: .*csrf-token.*\} found nothing in the answer/);
  t.regex(a.failure!.fix, /a regex for regex/);
  // The visit's page is gone (404): its capture never ran, and the login cannot be built.
  const { server: moved, posts } = await app('t1', '/signin');
  t.teardown(() => moved.close());
  const b = await checkJourney({ target: moved.origin, journey: journey({ regex: '/value="(\\w+)"/' }) });
  t.false(b.ok);
  t.is(posts.length, 0);
  const login = b.steps[b.failure!.step!]!;
  t.is(login.role, 'login');
  t.true(login.op.notSent);
  t.regex(
    b.failure!.problem,
    /^the login was not sent: \{\{csrf\}\} has no value: the capture that sets it, \{regex: /,
  );
  t.regex(
    b.failure!.fix,
    /^check the capture's source: its regex, JSON path or CSS selector against the answer/,
  );
});

test('a cookie variable no answer has set is not-sent too; an unknown variable is refused at validation', async (t) => {
  const { server, posts } = await app('t1');
  t.teardown(() => server.close());
  const j: JourneySpec = {
    ...journey(NEVER),
    visit: undefined,
    login: { method: 'POST', path: '/login', body: { password: '{{password}}', t: '{{cookie.XSRF-TOKEN}}' } },
  };
  const check = await checkJourney({ target: server.origin, journey: j });
  t.is(posts.length, 0);
  t.regex(
    check.failure!.problem,
    /\{\{cookie\.XSRF-TOKEN\}\} has no value: no answer has set cookie XSRF-TOKEN/,
  );
  t.regex(check.failure!.fix, /an earlier answer sets that cookie/);
  // A variable the journey neither defines nor captures never reaches a run.
  const errors = validateJourney({
    ...journey(NEVER),
    whoami: { method: 'GET', path: '/me/{{nope}}', identity: '$.user' },
  });
  t.true(errors.some((e) => /unknown template variable "\{\{nope\}\}"/.test(e.message)));
});
