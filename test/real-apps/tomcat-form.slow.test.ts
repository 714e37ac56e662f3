import test from 'ava';
import { request } from 'undici';
import { ManualCookies } from './manual-cookies.ts';
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
    const jar = new ManualCookies();
    const send = async (method: 'GET' | 'POST', path: string, body?: { form?: string; json?: unknown }) => {
      const headers: Record<string, string> = { ...jar.header() };
      let payload: string | undefined;
      if (body?.form !== undefined)
        [headers['content-type'], payload] = ['application/x-www-form-urlencoded', body.form];
      if (body?.json !== undefined)
        [headers['content-type'], payload] = ['application/json', JSON.stringify(body.json)];
      const res = await request(`${app.url}${path}`, { method, headers, body: payload });
      jar.absorb(res.headers);
      return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
    };

    // Before login: the protected URL answers 200 with the login form (no redirect) and saves the request.
    const refused = await send('GET', '/api/me');
    t.is(refused.status, 200);
    t.regex(refused.text, /action="j_security_check"/);
    const anonymousSession = jar.get('JSESSIONID');
    t.truthy(anonymousSession);

    // A wrong password answers the form error page, still 200, and logs nobody in.
    const wrong = await send('POST', '/j_security_check', { form: 'j_username=user-7&j_password=nope' });
    t.is(wrong.status, 200);
    t.regex(wrong.text, /Wrong user name or password/);
    t.regex((await send('GET', '/api/me')).text, /j_security_check/);

    // Login: 303 to the saved request, and a new session id (session fixation protection).
    const login = await send('POST', '/j_security_check', { form: 'j_username=user-7&j_password=secret' });
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
    const jar = new ManualCookies();
    const form = await request(`${app.url}/api/me`);
    jar.absorb(form.headers);
    await form.body.dump();
    const res = await request(`${app.url}/j_security_check`, {
      method: 'POST',
      headers: { ...jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: `j_username=${user}&j_password=secret`,
    });
    await res.body.dump();
    return res.statusCode;
  };
  t.is(await loginAs('user-500'), 303);
  t.is(await loginAs('user-501'), 200); // the form error page
});
