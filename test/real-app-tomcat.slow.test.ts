import test from 'ava';
import { startTomcatForm } from './real-apps/tomcat-form.ts';
import { assertCleanRun, runLibraryScenario } from './helpers/real-app-run.ts';

// Apache Tomcat 10.1's own FORM authentication (Debian's tomcat10, a local JVM on 127.0.0.1).

test('tomcat-form: j_security_check through the login form Tomcat serves in place; every whoami names the user', async (t) => {
  const app = await startTomcatForm();
  t.teardown(() => app.close());
  const r = await runLibraryScenario(t, 'real-tomcat-form', app, {});
  assertCleanRun(t, r);
  t.regex(r.journey.out, /POST http:\/\/127\.0\.0\.1:\d+\/app\/api\/j_security_check -> 200 ok/);
});
