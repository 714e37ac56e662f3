import test from 'ava';
import { manualClient, type ManualAnswer, type ManualClient } from './manual-client.ts';
import { startOidc } from './oidc.ts';

const formAction = (page: ManualAnswer): string =>
  /<form[^>]*action="([^"]+)"[^>]*method="post"/.exec(page.text)?.[1] ?? '';
const hiddenPrompt = (page: ManualAnswer): string | undefined =>
  /name="prompt" value="([^"]+)"/.exec(page.text)?.[1];

/**
 * Follows 3xx answers from `first` (at most 10), each request through the client of the origin it
 * goes to; `hops` lists them as "STATUS ORIGIN/PATH".
 */
async function follow(
  first: ManualAnswer,
  clientFor: (url: URL) => ManualClient,
  base: URL,
): Promise<{ last: ManualAnswer; hops: string[] }> {
  let answer = first;
  let at = base;
  const hops: string[] = [];
  while (answer.status >= 300 && answer.status < 400) {
    if (hops.length === 10) throw new Error(`redirect loop: ${hops.join(' -> ')}`);
    at = new URL(String(answer.headers.location), at);
    hops.push(`${answer.status} ${at.origin}${at.pathname}`);
    answer = await clientFor(at).send('GET', at.href);
  }
  return { last: answer, hops };
}

test('oidc: 401 before login, provider login form, consent form, code grant, who am I, data, logout', async (t) => {
  const started = performance.now();
  await using app = await startOidc();
  t.log(`app and provider ready after ${Math.round(performance.now() - started)} ms`);
  const [issuer] = app.allowedOrigins;
  t.truthy(issuer);
  const rp = manualClient(app.url);
  const op = manualClient(issuer ?? '');
  const clientFor = (url: URL): ManualClient => (url.origin === issuer ? op : rp);

  const refused = await rp.send('GET', '/api/me');
  t.is(refused.status, 401);
  t.deepEqual(JSON.parse(refused.text), { user: null });

  // GET /login -> 302 provider /auth -> 303 /interaction/:uid: the provider's login form.
  const start = await rp.send('GET', '/login');
  t.is(start.status, 302);
  t.true(String(start.headers.location).startsWith(`${issuer}/auth?`));
  const toLogin = await follow(start, clientFor, new URL(app.url));
  t.is(toLogin.hops.length, 2);
  t.is(toLogin.last.status, 200);
  t.is(hiddenPrompt(toLogin.last), 'login');
  const loginAction = formAction(toLogin.last);
  t.regex(loginAction, new RegExp(`^${issuer}/interaction/[\\w-]+$`));

  // The login form: POST login + password (+ the hidden prompt=login) -> 303 /auth/:uid -> 303 the consent form.
  const posted = await op.send('POST', loginAction, {
    form: { prompt: 'login', login: 'user-12', password: 'secret' },
  });
  t.is(posted.status, 303);
  const toConsent = await follow(posted, clientFor, new URL(loginAction));
  t.is(toConsent.last.status, 200);
  t.is(hiddenPrompt(toConsent.last), 'consent');
  const consentAction = formAction(toConsent.last);
  t.not(consentAction, loginAction, 'the consent is a new interaction');

  // The consent form: POST prompt=consent -> 303 /auth/:uid -> 303 app /callback?code -> 302 app /.
  const consented = await op.send('POST', consentAction, { form: { prompt: 'consent' } });
  const home = await follow(consented, clientFor, new URL(consentAction));
  const uid = consentAction.split('/').pop() ?? '';
  t.deepEqual(home.hops, [`303 ${issuer}/auth/${uid}`, `303 ${app.url}/callback`, `302 ${app.url}/`]);
  t.is(home.last.status, 200);

  const me = await rp.send('GET', '/api/me');
  t.is(me.status, 200);
  t.deepEqual(JSON.parse(me.text), { user: 'user-12' });
  t.deepEqual(JSON.parse((await rp.send('POST', '/api/data', { json: { value: 'v-9' } })).text), {
    value: 'v-9',
  });
  t.deepEqual(JSON.parse((await rp.send('GET', '/api/data')).text), { value: 'v-9' });

  const logout = await rp.send('POST', '/logout');
  t.is(logout.status, 303);
  t.is((await rp.send('GET', '/api/me')).status, 401);

  // The provider still knows the user (its own session and the grant): logging in again takes no form at all.
  const again = await follow(await rp.send('GET', '/login'), clientFor, new URL(app.url));
  t.is(again.hops.length, 3);
  t.deepEqual(JSON.parse((await rp.send('GET', '/api/me')).text), { user: 'user-12' });
});

test('oidc: a callback without the login under way, or with a forged state, logs nobody in', async (t) => {
  await using app = await startOidc();
  const rp = manualClient(app.url);
  t.is((await rp.send('GET', '/callback?code=x&state=y')).status, 400);
  const start = await rp.send('GET', '/login');
  t.is(start.status, 302);
  t.is((await rp.send('GET', '/callback?code=x&state=forged')).status, 400);
  t.is((await rp.send('GET', '/api/me')).status, 401);
});
