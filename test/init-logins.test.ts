import test from 'ava';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from 'sessionchaos';
import { startDjango } from './real-apps/django.ts';
import { startJsonSignin } from './real-apps/json-signin.ts';
import { startOidc } from './real-apps/oidc.ts';
import { initThenRun } from './helpers/init-run.ts';
import { cli } from './helpers/run-cli.ts';

// `sessionchaos init` without a HAR on real apps built in different ways (none written for init): it
// finds the login as a person would, the written scenario walks its journey, and a short run of it
// passes with every user logged in. An app it cannot read gets a scaffold that validates, with TODOs.

test('django: the home page\'s "Sign in" link leads to contrib.auth\'s LoginView at /accounts/login/; the profile page names the user in words', async (t) => {
  const app = await startDjango();
  t.teardown(() => app.close());
  const r = await initThenRun(t, 'user-1', '--url', app.url);
  t.regex(r.text, /the page the "sign in" link of \/ opens \(\/accounts\/login\/\?next=\/\)/);
  t.regex(
    r.text,
    /login: \{"form":\{"page":"\/accounts\/login\/","fields":\{"username":"\{\{username\}\}","password":"\{\{password\}\}"\}\}\}/,
  );
  t.regex(r.text, /hidden field\(s\) csrfmiddlewaretoken, next/);
  t.regex(r.text, /sessionCookie: sessionid/);
  // Django's default landing page after login, /accounts/profile/, names the user in words.
  t.regex(
    r.text,
    /whoami: \{"method":"GET","path":"\/accounts\/profile\/","identity":"\/Signed in as <strong>\(/,
  );
  t.regex(
    r.text,
    /logout: \{"form":\{"page":"\/","selector":"form\[action=\\"\/accounts\/logout\/\\"\]"\}\}/,
  );
  t.notRegex(r.text, /TODO/);
});

test("django: --url with the login page's path looks there first and writes the origin as the target", async (t) => {
  const app = await startDjango();
  t.teardown(() => app.close());
  const r = await initThenRun(t, 'user-1', '--url', `${app.url}/accounts/login/`);
  t.regex(r.text, /the page given, \/accounts\/login\//);
  t.regex(r.text, new RegExp(`\\n  url: ${app.url}\\n`));
  // A wrong password: Django shows the form again (200 at the same path), which init reads as refused.
  const dir = await mkdtemp(join(tmpdir(), 'sc-init-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'refused.yaml');
  const refused = await cli('init', '--url', app.url, '--password', 'wrong', '--out', file);
  t.is(refused.code, EXIT.environment, refused.out + refused.err);
  t.regex(refused.err, /could not find credentials that log in \(the login with user-1 was refused\)/);
  t.regex(await readFile(file, 'utf8'), /# TODO: the login refused these credentials/);
  t.is((await cli('validate', file)).code, EXIT.pass);
});

test("json sign-in: POST /auth/signin (JSON, answers 204 with a cookie, no token), named by the sign-in page's script", async (t) => {
  const app = await startJsonSignin();
  t.teardown(() => app.close());
  const r = await initThenRun(t, 'user-1@example.com', '--url', app.url);
  t.regex(
    r.text,
    /login: \{"method":"POST","path":"\/auth\/signin","body":\{"email":"\{\{username\}\}","password":"\{\{password\}\}"\}\}/,
  );
  t.regex(
    r.text,
    /POST \/auth\/signin \(named by the pages' links or scripts\) with JSON \{email, password\} answered 204 with a session cookie \(no token\)/,
  );
  t.regex(r.text, /credentials: \{"username":"user-\{\{vu\}\}@example\.com","password":"secret"\}/);
  t.regex(r.text, /sessionCookie: sid/);
  t.regex(r.text, /whoami: \{"method":"GET","path":"\/api\/me","identity":"\$\.email"\}/);
  t.notRegex(r.text, /sessionToken|authorization/);
});

test('json sign-in at a path no page names and no usual one: a scaffold with a TODO login without --login, found with it', async (t) => {
  const app = await startJsonSignin({ signinPath: '/v2/people/authenticate', pages: false });
  t.teardown(() => app.close());
  const dir = await mkdtemp(join(tmpdir(), 'sc-init-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'blind.yaml');
  const blind = await cli('init', '--url', app.url, '--username', 'user-1@example.com', '--out', file);
  t.is(blind.code, EXIT.environment, blind.out + blind.err);
  t.regex(blind.err, /could not find login/);
  const r = await initThenRun(
    t,
    'user-1@example.com',
    '--url',
    app.url,
    '--login',
    '/v2/people/authenticate',
  );
  t.regex(
    r.text,
    /POST \/v2\/people\/authenticate \(the path given\) with JSON \{email, password\} answered 204/,
  );
});

test('oidc: /login redirects to an identity provider; its login form, then its consent form, are submitted within the step', async (t) => {
  const app = await startOidc();
  t.teardown(() => app.close());
  const provider = app.allowedOrigins[0]!;
  const r = await initThenRun(t, 'user-1', '--url', app.url);
  t.regex(r.text, new RegExp(`allowedOrigins: \\["${provider}"\\]`));
  t.regex(
    r.text,
    /login: \{"method":"GET","path":"\/login","forms":\[\{"fields":\{"login":"\{\{username\}\}","password":"\{\{password\}\}"\}\},\{"fields":\{"prompt":"consent"\}\}\]\}/,
  );
  t.notRegex(r.text, /loginPage/);
});

test('an app init cannot read gets a scaffold that validates, with TODOs, and exit 69 naming the file and what to fill in', async (t) => {
  // A page with no login anywhere init looks: every other path is 404.
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/' ? 200 : 404, { 'content-type': 'text/html' });
    res.end('<!doctype html><p>Members only. Ask at the desk.</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const dir = await mkdtemp(join(tmpdir(), 'sc-init-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'app.yaml');
  const init = await cli('init', '--url', url, '--out', file);
  t.is(init.code, EXIT.environment, init.out + init.err);
  t.regex(
    init.err,
    new RegExp(`${file} is a scaffold: init could not find login .*Fill in the TODO comments`),
  );
  const text = await readFile(file, 'utf8');
  t.regex(text, /# TODO: fill in login/);
  t.regex(text, /# TODO: no login found on/);
  t.regex(text, /# TODO: no page named the user after the login/);
  const validate = await cli('validate', file);
  t.is(validate.code, EXIT.pass, validate.out + validate.err + text);
});
