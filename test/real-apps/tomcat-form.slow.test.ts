import test from 'ava';
import { manualClient } from './manual-client.ts';
import { startTomcatForm } from './tomcat-form.ts';

// Tagged slow: it starts a JVM (2 s on an idle machine, up to 31 s on a busy one).
test.serial(
  'Tomcat FORM login: login form instead of the API, j_security_check, who am I, session data, logout',
  async (t) => {
    t.timeout(90_000);
    const started = Date.now();
    const app = await startTomcatForm();
    t.teardown(() => app.close());
    t.log(`Tomcat answered after ${Date.now() - started} ms at ${app.url}`);
    const { jar, send } = manualClient(app.url);

    // Before login: the protected URL answers 200 with the login form (no redirect) and saves the request.
    const refused = await send('GET', '/api/me');
    t.is(refused.status, 200);
    t.regex(refused.text, /action="j_security_check"/);
    const anonymousSession = jar.get('JSESSIONID');
    t.truthy(anonymousSession);

    // A wrong password answers the form error page, still 200, and logs nobody in.
    const wrong = await send('POST', '/j_security_check', {
      form: { j_username: 'user-7', j_password: 'nope' },
    });
    t.is(wrong.status, 200);
    t.regex(wrong.text, /Wrong user name or password/);
    t.regex((await send('GET', '/api/me')).text, /j_security_check/);

    // Login: 303 to the saved request, and a new session id (session fixation protection).
    const login = await send('POST', '/j_security_check', {
      form: { j_username: 'user-7', j_password: 'secret' },
    });
    t.is(login.status, 303);
    t.is(login.headers.location, '/app/api/me');
    t.not(jar.get('JSESSIONID'), anonymousSession);

    const me = await send('GET', '/api/me');
    t.is(me.status, 200);
    t.deepEqual(JSON.parse(me.text), { user: 'user-7' });

    t.deepEqual(JSON.parse((await send('GET', '/api/data')).text), { value: null });
    t.deepEqual(JSON.parse((await send('POST', '/api/data', { json: { value: 'v-42' } })).text), {
      value: 'v-42',
    });
    t.deepEqual(JSON.parse((await send('POST', '/api/data', { json: { value: 17 } })).text), { value: 17 });
    t.deepEqual(JSON.parse((await send('GET', '/api/data')).text), { value: 17 });

    // Logout invalidates the session: 303 to the home page, and the API answers the login form again.
    const logout = await send('POST', '/logout');
    t.is(logout.status, 303);
    t.is(logout.headers.location, '/app/');
    const after = await send('GET', '/api/me');
    t.is(after.status, 200);
    t.regex(after.text, /action="j_security_check"/);
  },
);

test.serial('Tomcat FORM login knows user-500 and not user-501', async (t) => {
  t.timeout(90_000);
  await using app = await startTomcatForm();
  const loginAs = async (user: string): Promise<number> => {
    const { send } = manualClient(app.url);
    await send('GET', '/api/me'); // FORM login needs a saved request first (a direct POST answers 408)
    return (await send('POST', '/j_security_check', { form: { j_username: user, j_password: 'secret' } }))
      .status;
  };
  t.is(await loginAs('user-500'), 303);
  t.is(await loginAs('user-501'), 200); // the form error page
});

test.serial(
  'Tomcat FORM login without a saved request answers 408 (no landing page configured)',
  async (t) => {
    t.timeout(90_000);
    await using app = await startTomcatForm();
    const { send } = manualClient(app.url);
    t.is((await send('GET', '/login.jsp')).status, 200);
    t.is(
      (await send('POST', '/j_security_check', { form: { j_username: 'user-1', j_password: 'secret' } }))
        .status,
      408,
    );
  },
);
