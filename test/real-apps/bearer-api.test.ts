import test from 'ava';
import { manualClient } from './manual-client.ts';
import { startBearerApi } from './bearer-api.ts';

test('bearer-api: 401 without a token, POST /login answers an accessToken, who am I, owned data, no logout', async (t) => {
  const started = performance.now();
  await using app = await startBearerApi();
  t.log(`listening after ${Math.round(performance.now() - started)} ms at ${app.url}`);
  const { send } = manualClient(app.url);

  const refused = await send('GET', '/users/4');
  t.is(refused.status, 401);
  t.is(JSON.parse(refused.text), 'Missing authorization header');

  const wrong = await send('POST', '/login', { json: { email: 'user-4@example.com', password: 'nope' } });
  t.is(wrong.status, 400);
  t.is(JSON.parse(wrong.text), 'Incorrect password');

  const login = await send('POST', '/login', { json: { email: 'user-4@example.com', password: 'secret' } });
  t.is(login.status, 200);
  const { accessToken, user } = JSON.parse(login.text) as {
    accessToken: string;
    user: Record<string, unknown>;
  };
  t.deepEqual(user, { id: 4, email: 'user-4@example.com', name: 'user-4' });
  t.regex(accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  const bearer = { authorization: `Bearer ${accessToken}` };

  // Who am I: the user's own record, by the id the login answered.
  const me = await send('GET', `/users/${String(user['id'])}`, { headers: bearer });
  t.is(me.status, 200);
  t.like(JSON.parse(me.text), { id: 4, email: 'user-4@example.com', name: 'user-4' });
  t.is((await send('GET', '/users/5', { headers: bearer })).status, 403, 'another user is off limits');

  t.like(JSON.parse((await send('GET', '/data/4', { headers: bearer })).text), {
    id: 4,
    userId: 4,
    value: null,
  });
  const patched = await send('PATCH', '/data/4', { headers: bearer, json: { value: 'v-4' } });
  t.is(patched.status, 200);
  t.like(JSON.parse(patched.text), { value: 'v-4' });
  t.like(JSON.parse((await send('GET', '/data/4', { headers: bearer })).text), { value: 'v-4' });
  t.is((await send('PATCH', '/data/5', { headers: bearer, json: { value: 'x' } })).status, 403);

  // A forged token is refused; but there is no logout: the token stays valid until it expires (1 h).
  const forged = `${accessToken.slice(0, -2)}xx`;
  t.is((await send('GET', '/users/4', { headers: { authorization: `Bearer ${forged}` } })).status, 401);
  t.is((await send('POST', '/logout', { headers: bearer })).status, 404);
  t.is((await send('GET', '/users/4', { headers: bearer })).status, 200);
});

test('bearer-api knows user-500@example.com and not user-501', async (t) => {
  await using app = await startBearerApi();
  const { send } = manualClient(app.url);
  const login = async (email: string): Promise<number> =>
    (await send('POST', '/login', { json: { email, password: 'secret' } })).status;
  t.is(await login('user-500@example.com'), 200);
  t.is(await login('user-501@example.com'), 400);
});
