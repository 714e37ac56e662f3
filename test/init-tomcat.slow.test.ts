import test from 'ava';
import { startTomcatForm } from './real-apps/tomcat-form.ts';
import { initThenRun } from './helpers/init-run.ts';

// `sessionchaos init` on Apache Tomcat 10.1's own FORM login (Debian's tomcat10, a local JVM):
// no sign-in link and no login page to land on; the home page's link to a protected page shows the
// form in place, and every path lives under the context path /app.

test('tomcat-form: init follows the home page to a protected page serving the login form in place, under the context path', async (t) => {
  const app = await startTomcatForm();
  t.teardown(() => app.close());
  const r = await initThenRun(t, 'user-1', '--url', app.url);
  t.regex(
    r.text,
    /login: \{"form":\{"page":"\/app\/api\/me","fields":\{"j_username":"\{\{username\}\}","j_password":"\{\{password\}\}"\}\}\}/,
  );
  t.regex(r.text, /served in place of \/app\/api\/me, which is not a login page/);
  t.notRegex(r.text, /loginPage/);
  t.regex(r.text, new RegExp(`\\n  url: ${app.url}\\n`));
  t.regex(r.text, /whoami: \{"method":"GET","path":"\/app\/api\/me","identity":"\$\.user"\}/);
  t.regex(r.text, /logout: \{"method":"POST","path":"\/app\/logout"\}/);
});
