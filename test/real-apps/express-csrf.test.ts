import test from 'ava';
import { inputValue, manualClient } from './manual-client.ts';
import { startExpressCsrf } from './express-csrf.ts';

test('express-csrf: redirect to /login, 403 without the CSRF token, passport login, who am I, data, logout', async (t) => {
  const started = performance.now();
  await using app = await startExpressCsrf();
  t.log(`listening after ${Math.round(performance.now() - started)} ms at ${app.url}`);
  const { jar, send } = manualClient(app.url);

  const refused = await send('GET', '/api/me');
  t.is(refused.status, 302);
  t.is(refused.headers.location, '/login');

  const form = await send('GET', '/login');
  t.is(form.status, 200);
  const token = inputValue(form.text, '_csrf');
  t.truthy(token);
  t.regex(form.text, /<input name="username">/);
  const anonymousSession = jar.get('connect.sid');
  t.truthy(anonymousSession, 'GET /login stores the token in a session');

  // csrf-sync refuses a form without the token, and with a wrong one.
  const noToken = await send('POST', '/login', { form: { username: 'user-3', password: 'secret' } });
  t.is(noToken.status, 403);
  t.regex(noToken.text, /invalid csrf token/);
  const badToken = await send('POST', '/login', {
    form: { _csrf: 'x', username: 'user-3', password: 'secret' },
  });
  t.is(badToken.status, 403);
  t.is((await send('GET', '/api/me')).status, 302, 'a refused login logs nobody in');

  const wrongPassword = await send('POST', '/login', {
    form: { _csrf: token ?? '', username: 'user-3', password: 'nope' },
  });
  t.is(wrongPassword.status, 302);
  t.is(wrongPassword.headers.location, '/login?error=1');

  const login = await send('POST', '/login', {
    form: { _csrf: token ?? '', username: 'user-3', password: 'secret' },
  });
  t.is(login.status, 302);
  t.is(login.headers.location, '/');
  t.not(jar.get('connect.sid'), anonymousSession, 'passport regenerates the session id on login');

  const me = await send('GET', '/api/me');
  t.is(me.status, 200);
  t.deepEqual(JSON.parse(me.text), { user: 'user-3' });

  // The login regenerated the session, so the old token is gone: state-changing requests need a fresh one.
  const home = await send('GET', '/');
  const pageToken = /<meta name="csrf-token" content="([^"]+)">/.exec(home.text)?.[1] ?? '';
  t.not(pageToken, token);
  t.deepEqual(JSON.parse((await send('GET', '/csrf-token')).text), { token: pageToken });
  t.is((await send('POST', '/api/data', { json: { value: 'v-1' } })).status, 403);
  t.is(
    (await send('POST', '/api/data', { json: { value: 'v-1' }, headers: { 'x-csrf-token': token ?? '' } }))
      .status,
    403,
  );
  const write = await send('POST', '/api/data', {
    json: { value: 'v-1' },
    headers: { 'x-csrf-token': pageToken },
  });
  t.is(write.status, 200);
  t.deepEqual(JSON.parse(write.text), { value: 'v-1' });
  t.deepEqual(JSON.parse((await send('GET', '/api/data')).text), { value: 'v-1' });

  t.is((await send('POST', '/logout')).status, 403, 'logout is CSRF-protected too');
  const loggedInSession = jar.get('connect.sid');
  const logout = await send('POST', '/logout', { form: { _csrf: pageToken } });
  t.is(logout.status, 303);
  t.is(logout.headers.location, '/login');
  t.is((await send('GET', '/api/me')).status, 302);

  // The old session id is dead, not just this jar's new one.
  const replay = manualClient(app.url);
  replay.jar.absorb({ 'set-cookie': [`connect.sid=${loggedInSession ?? ''}`] });
  t.is((await replay.send('GET', '/api/me')).status, 302);
});

test('express-csrf knows user-500 and not user-501 or user-0', async (t) => {
  await using app = await startExpressCsrf();
  const loginAs = async (username: string): Promise<string | undefined> => {
    const { send } = manualClient(app.url);
    const token = inputValue((await send('GET', '/login')).text, '_csrf') ?? '';
    return (await send('POST', '/login', { form: { _csrf: token, username, password: 'secret' } })).headers
      .location;
  };
  t.is(await loginAs('user-500'), '/');
  t.is(await loginAs('user-501'), '/login?error=1');
  t.is(await loginAs('user-0'), '/login?error=1');
});
