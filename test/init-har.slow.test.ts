import test, { type ExecutionContext } from 'ava';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { EXIT } from 'sessionchaos';
import { startBearerApi } from './real-apps/bearer-api.ts';
import { startExpressCsrf } from './real-apps/express-csrf.ts';
import { startOidc } from './real-apps/oidc.ts';
import { startTomcatForm } from './real-apps/tomcat-form.ts';
import { cli, readSummary } from './helpers/run-cli.ts';
import { recordHar } from './helpers/record-har.ts';

// `sessionchaos init --har`: a real Chromium (Debian's, driven by playwright-core) logs into each real
// app of the suite on 127.0.0.1 and uses it a little, recording a HAR as devtools' "Save all as HAR"
// does; init reads it into a scenario whose journey check passes, and a short run of it passes with
// every user logged in.

/** A write then a read of session data from the page's own scripts, as a single-page app does. */
async function writeAndRead(page: Page, path: string, headers: Record<string, string>): Promise<void> {
  await page.evaluate(
    async ({ path, headers }) => {
      // The page's own DOM (this runs in the browser; the test's tsconfig has no DOM types).
      type Doc = { querySelector(s: string): { getAttribute(n: string): string | null } | null };
      const doc = (globalThis as unknown as { document: Doc }).document;
      const token = doc.querySelector('meta[name=csrf-token]')?.getAttribute('content');
      const h: Record<string, string> = { 'content-type': 'application/json', ...headers };
      if (token) h['x-csrf-token'] = token;
      await (await fetch(path, { method: 'POST', headers: h, body: '{"value":"recorded-value-1"}' })).json();
      await (await fetch(path)).json();
    },
    { path, headers },
  );
}

/** The recording as Chrome's default HAR export leaves it ("sanitized"): no Cookie, Set-Cookie or Authorization. */
async function sanitize(file: string, dir: string): Promise<string> {
  const har = JSON.parse(await readFile(file, 'utf8')) as {
    log: { entries: Record<'request' | 'response', { headers: { name: string }[]; cookies: unknown[] }>[] };
  };
  for (const e of har.log.entries)
    for (const side of [e.request, e.response]) {
      side.cookies = [];
      side.headers = side.headers.filter((h) => !/^(cookie|set-cookie|authorization)$/i.test(h.name));
    }
  const out = join(dir, 'sanitized.har');
  await writeFile(out, JSON.stringify(har));
  return out;
}

async function initFromRecording(t: ExecutionContext, drive: (page: Page) => Promise<void>, extra: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'sc-init-har-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const har = join(dir, 'recording.har');
  await recordHar(har, drive);
  const file = join(dir, 'app.yaml');
  const init = await cli('init', '--har', har, '--out', file, ...extra);
  const text = await readFile(file, 'utf8').catch(() => '');
  const out = join(dir, 'out');
  const run = await cli('run', file, '--users', '4', '--duration', '4s', '--no-dashboard', '--out', out);
  return { init, text, run, summary: init.code === EXIT.pass ? await readSummary(out) : undefined, har, dir };
}

function assertWorks(t: ExecutionContext, r: Awaited<ReturnType<typeof initFromRecording>>): void {
  t.is(r.init.code, EXIT.pass, r.init.out + r.init.err + r.text);
  t.regex(r.init.out, /journey works: logged in, whoami confirmed the user/);
  t.is(r.run.code, EXIT.pass, r.run.out + r.run.err);
  t.is(r.summary?.coverage.users.loggedIn, 4);
  t.regex(r.text, /"\{\{password\}\}"/, 'the login sends the credentials template');
  t.regex(r.text, /^# Written by `sessionchaos init --har recording\.har`/m);
}

test('init --har on a csrf-sync form login: the hidden _csrf captured from the form page, the landing page token sent by writes and the logout', async (t) => {
  const app = await startExpressCsrf();
  t.teardown(() => app.close());
  const r = await initFromRecording(
    t,
    async (page) => {
      await page.goto(`${app.url}/login`);
      await page.fill('input[name=username]', 'user-1');
      await page.fill('input[name=password]', 'secret');
      await Promise.all([page.waitForURL(`${app.url}/`), page.click('button')]);
      await writeAndRead(page, '/api/data', {});
      await page.goto(`${app.url}/api/me`);
      await page.goto(`${app.url}/`);
      await Promise.all([page.waitForURL(`${app.url}/login`), page.click('form[action="/logout"] button')]);
    },
    ['--password', 'secret'],
  );
  assertWorks(t, r);
  t.regex(
    r.text,
    /\{"method":"GET","path":"\/login","capture":\{"_csrf":\{"html":"input\[name=\\"_csrf\\"\]"\}\}\}/,
  );
  t.regex(
    r.text,
    /"body":\{"_csrf":"\{\{_csrf\}\}","username":"\{\{username\}\}","password":"\{\{password\}\}"\}/,
  );
  t.regex(r.text, /"capture":\{"x_csrf_token":\{"html":"meta\[name=\\"csrf-token\\"\]","attr":"content"\}\}/);
  t.regex(
    r.text,
    /write: \{"method":"POST","path":"\/api\/data".*"headers":\{"x-csrf-token":"\{\{x_csrf_token\}\}"\}/,
  );
  t.regex(
    r.text,
    /logout: \{"method":"POST","path":"\/logout","bodyType":"form","body":\{"_csrf":"\{\{x_csrf_token\}\}"\}\}/,
  );
  t.regex(r.text, /credentials: \{"username":"user-\{\{vu\}\}","password":"secret"\}/);
  t.regex(r.text, /sessionCookie: connect\.sid/);
  t.regex(r.init.out, /session data written and read back, logged out/);

  // Chrome's default export (sanitized): the session cookie is the one the login sets when init walks the journey.
  const sanitized = await sanitize(r.har, r.dir);
  const again = await cli('init', '--har', sanitized, '--out', join(r.dir, 's.yaml'), '--password', 'secret');
  t.is(again.code, EXIT.pass, again.out + again.err);
  t.regex(again.out, /sessionCookie: connect\.sid \(the recording had no cookies/);
  t.regex(await readFile(join(r.dir, 's.yaml'), 'utf8'), /sessionCookie: connect\.sid/);
});

test('init --har on an OIDC login through the provider pages: one step that fills its login and consent forms; the typed password is written nowhere', async (t) => {
  const app = await startOidc();
  t.teardown(() => app.close());
  const typed = 'hunter2-typed-in-the-browser';
  const r = await initFromRecording(
    t,
    async (page) => {
      await page.goto(`${app.url}/login`);
      await page.fill('input[name=login]', 'user-1');
      await page.fill('input[name=password]', typed);
      await Promise.all([page.waitForURL(/\/interaction\//), page.press('input[name=password]', 'Enter')]);
      await Promise.all([page.waitForURL(`${app.url}/`), page.click('button[type=submit]')]);
      await page.goto(`${app.url}/api/me`);
      await writeAndRead(page, '/api/data', {});
      await page.evaluate(() => fetch('/logout', { method: 'POST' }).then((r) => r.text()));
    },
    [],
  );
  // The provider takes any password: the placeholder written instead of the typed one logs in too.
  assertWorks(t, r);
  t.false(r.text.includes(typed), 'the typed password is in the scenario');
  t.regex(r.text, /"password":"CHANGE-ME"/);
  t.regex(r.init.out, /the recorded password is not written/);
  t.regex(r.text, new RegExp(`allowedOrigins: \\["${app.allowedOrigins[0]}"\\]`));
  t.regex(
    r.text,
    /login: \{"method":"GET","path":"\/login","forms":\[\{"fields":\{"login":"\{\{username\}\}","password":"\{\{password\}\}"\}\},\{"fields":\{"prompt":"consent"\}\}\]\}/,
  );
  t.regex(r.text, /logout: \{"method":"POST","path":"\/logout"\}/);
});

test('init --har on a JSON API answering a bearer token: the token and the user id captured at login, the token sent as a header', async (t) => {
  const app = await startBearerApi();
  t.teardown(() => app.close());
  const r = await initFromRecording(
    t,
    async (page) => {
      // The API has no page of its own: its 404 page is enough for the app's script to run on its origin.
      await page.goto(`${app.url}/`);
      await page.evaluate(async () => {
        const login = (await (
          await fetch('/login', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: 'user-1@example.com', password: 'secret' }),
          })
        ).json()) as { accessToken: string; user: { id: number } };
        const auth = { authorization: `Bearer ${login.accessToken}`, 'content-type': 'application/json' };
        await (await fetch(`/users/${login.user.id}`, { headers: auth })).json();
        const body = JSON.stringify({ value: 'recorded-value-1' });
        await (await fetch(`/data/${login.user.id}`, { method: 'PATCH', headers: auth, body })).json();
        await (await fetch(`/data/${login.user.id}`, { headers: auth })).json();
      });
    },
    ['--password', 'secret'],
  );
  assertWorks(t, r);
  t.regex(r.text, /credentials: \{"username":"user-\{\{vu\}\}@example\.com","password":"secret"\}/);
  t.regex(
    r.text,
    /"body":\{"email":"\{\{username\}\}","password":"\{\{password\}\}"\},"capture":\{"token":"\$\.accessToken","user_id":"\$\.user\.id"\}/,
  );
  t.regex(r.text, /headers: \{"authorization":"Bearer \{\{token\}\}"\}\n {4}sessionToken: token/);
  t.regex(r.text, /whoami: \{"method":"GET","path":"\/users\/\{\{user_id\}\}","identity":"\$\.email"\}/);
  t.regex(r.text, /write: \{"method":"PATCH","path":"\/data\/\{\{user_id\}\}"/);

  // Chrome's default export has no Authorization header: the login's accessToken is taken as the bearer token.
  const file = join(r.dir, 's.yaml');
  const again = await cli(
    'init',
    '--har',
    await sanitize(r.har, r.dir),
    '--out',
    file,
    '--password',
    'secret',
  );
  t.is(again.code, EXIT.pass, again.out + again.err);
  t.regex(again.out, /no Authorization headers \(a sanitized export\)/);
  t.regex(
    await readFile(file, 'utf8'),
    /headers: \{"authorization":"Bearer \{\{token\}\}"\}\n {4}sessionToken: token/,
  );
});

test('init --har on Tomcat FORM authentication: the page that served the form in place, then j_security_check', async (t) => {
  const app = await startTomcatForm();
  t.teardown(() => app.close());
  const r = await initFromRecording(
    t,
    async (page) => {
      await page.goto(`${app.url}/api/me`);
      await page.fill('input[name=j_username]', 'user-1');
      await page.fill('input[name=j_password]', 'secret');
      await Promise.all([
        page.waitForResponse(/\/app\/api\/me/),
        page.press('input[name=j_password]', 'Enter'),
      ]);
      await page.goto(`${app.url}/api/me`);
      await writeAndRead(page, '/app/api/data', {});
      await page.evaluate(() => fetch('/app/logout', { method: 'POST' }).then((r) => r.text()));
    },
    ['--password', 'secret'],
  );
  assertWorks(t, r);
  t.regex(
    r.text,
    /login: \[\{"method":"GET","path":"\/app\/api\/me"\},\{"method":"POST","path":"\/app\/api\/j_security_check","bodyType":"form","body":\{"j_username":"\{\{username\}\}","j_password":"\{\{password\}\}"\}\}\]/,
  );
  t.regex(r.text, /sessionCookie: JSESSIONID/);
  // The lab's webapp names its node in a header: the recording shows it on every answer.
  t.regex(r.text, /node: \{"header":"x-served-by"\}/);
});

test('init --har on a recording without a login says so and exits 69', async (t) => {
  const app = await startExpressCsrf();
  t.teardown(() => app.close());
  const dir = await mkdtemp(join(tmpdir(), 'sc-init-har-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const har = join(dir, 'browse.har');
  await recordHar(har, async (page) => {
    await page.goto(`${app.url}/`);
    await page.goto(`${app.url}/csrf-token`);
  });
  const file = join(dir, 'x.yaml');
  const r = await cli('init', '--har', har, '--out', file);
  t.is(r.code, EXIT.environment);
  t.regex(
    r.err,
    /found no login in .*browse\.har: none of its \d+ requests \(static assets aside\) sent a password field/,
  );
  t.regex(r.err, /save all as HAR/);
  await t.throwsAsync(readFile(file, 'utf8'), { code: 'ENOENT' });
});
