import test from 'ava';
import { EXIT } from 'sessionchaos';
import { startTomcatForm } from './real-apps/tomcat-form.ts';
import { runLibraryScenario, whoamiAlwaysKnowsTheUser } from './helpers/real-app-run.ts';

// Apache Tomcat 10.1's own FORM authentication (Debian's tomcat10, a local JVM on 127.0.0.1).

test('tomcat-form: j_security_check through the login form Tomcat serves in place; every whoami names the user', async (t) => {
  const app = await startTomcatForm();
  t.teardown(() => app.close());
  const r = await runLibraryScenario(t, 'real-tomcat-form', app, {});
  t.is(r.journey.code, EXIT.pass, r.journey.out + r.journey.err);
  t.regex(r.journey.out, /POST http:\/\/127\.0\.0\.1:\d+\/app\/api\/j_security_check -> 200 ok/);
  t.is(r.run.code, EXIT.pass, r.run.out + r.run.err);
  t.is(r.summary.verdict, 'pass');
  t.is(r.summary.coverage.users.loggedIn, 5);
  const w = whoamiAlwaysKnowsTheUser(r.ops);
  t.true(w.total > 20, `only ${w.total} whoami`);
  t.deepEqual(w.wrong, []);
});
