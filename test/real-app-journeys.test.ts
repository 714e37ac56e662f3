import test from 'ava';
import { startBearerApi } from './real-apps/bearer-api.ts';
import { startExpressCsrf } from './real-apps/express-csrf.ts';
import { startOidc } from './real-apps/oidc.ts';
import { assertCleanRun, runLibraryScenario } from './helpers/real-app-run.ts';

// The library's scenarios against real frameworks' own logins (started here on 127.0.0.1, none
// written by us): the journey check passes, the run passes, every user logged in, and every whoami
// of the load named its own user. Tomcat's is in real-app-tomcat.slow.test.ts.

test('express-csrf: a csrf-sync form login through a form step, data writes with the session token header', async (t) => {
  const app = await startExpressCsrf();
  t.teardown(() => app.close());
  const r = await runLibraryScenario(t, 'real-express-csrf', app, {});
  assertCleanRun(t, r);
  t.regex(r.journey.out, /captured: csrf = /);
  // The writes carried the token: none was refused.
  t.is(r.ops.filter((o) => o.step === 'write' && o.type === 'fail').length, 0);
});

test('oidc: an authorization-code login through oidc-provider login and consent pages, and single sign-on on re-login', async (t) => {
  const app = await startOidc();
  t.teardown(() => app.close());
  const provider = app.allowedOrigins[0]!;
  const r = await runLibraryScenario(t, 'real-oidc', app, { 'http://127.0.0.1:8084': provider });
  assertCleanRun(t, r);
  const logins = r.ops.filter((o) => o.step === 'login' && o.type === 'ok' && o.probe === undefined);
  // A first login posts both forms on the provider; a later one (after a logout) goes through without any.
  const posts = (o: (typeof logins)[number]): number =>
    (o.hops ?? []).filter((h) => h.method === 'POST').length;
  t.true(logins.some((o) => posts(o) === 2));
  t.true(
    logins.some((o) => posts(o) === 0),
    'no login went through single sign-on',
  );
});

test('bearer-api: a json-server-auth token captured at login and sent as a bearer header; its hash is the session', async (t) => {
  const app = await startBearerApi();
  t.teardown(() => app.close());
  const r = await runLibraryScenario(t, 'real-bearer-api', app, {});
  assertCleanRun(t, r);
  // Sessions are token hashes, one per user.
  const sessions = new Set(
    r.ops.filter((o) => o.step === 'whoami' && o.session).map((o) => `${o.process}:${o.session}`),
  );
  t.is(new Set([...sessions].map((s) => s.split(':')[0])).size, 5);
});
