import test, { type ExecutionContext } from 'ava';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCENARIO_SCHEMA_URL } from '@sessionchaos/core';
import { EXIT } from 'sessionchaos';
import { startBearerApi } from './real-apps/bearer-api.ts';
import { startExpressCsrf } from './real-apps/express-csrf.ts';
import { cli, readSummary } from './helpers/run-cli.ts';

// `sessionchaos init` against real apps on 127.0.0.1: the scenario it writes walks its journey at
// once, and a short run of it passes with every user logged in.

async function initThenRun(t: ExecutionContext, url: string, username: string) {
  const dir = await mkdtemp(join(tmpdir(), 'sc-init-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'app.yaml');
  const init = await cli('init', '--url', url, '--username', username, '--password', 'secret', '--out', file);
  const text = await readFile(file, 'utf8');
  const out = join(dir, 'out');
  const run = await cli('run', file, '--users', '4', '--duration', '4s', '--no-dashboard', '--out', out);
  return { init, text, run, summary: await readSummary(out) };
}

test('init on a server-rendered app with a CSRF-protected form login: form step, the landing page token for writes, the logout form', async (t) => {
  const app = await startExpressCsrf();
  t.teardown(() => app.close());
  const r = await initThenRun(t, app.url, 'user-1');
  t.is(r.init.code, EXIT.pass, r.init.out + r.init.err);
  t.regex(
    r.init.out,
    /journey works: logged in, whoami confirmed the user, session data written and read back, logged out\./,
  );
  t.regex(
    r.text,
    /login: \{"form":\{"page":"\/login","fields":\{"username":"\{\{username\}\}","password":"\{\{password\}\}"\}\}/,
  );
  t.regex(r.text, /its hidden field\(s\) _csrf are sent as the page gives them/);
  t.regex(r.text, /credentials: \{"username":"user-\{\{vu\}\}","password":"secret"\}/);
  t.regex(r.text, /"headers":\{"x-csrf-token":"\{\{csrf\}\}"\}/);
  t.regex(r.text, /sessionCookie: connect\.sid/);
  // The first line points editors at the published schema.
  t.is(r.text.split('\n')[0], `# yaml-language-server: $schema=${SCENARIO_SCHEMA_URL}`);
  t.is(r.run.code, EXIT.pass, r.run.out + r.run.err);
  t.is(r.summary.coverage.users.loggedIn, 4);
});

test('init on a JSON API whose login answers a bearer token: token and user id captured, sent as a header', async (t) => {
  const app = await startBearerApi();
  t.teardown(() => app.close());
  const r = await initThenRun(t, app.url, 'user-1@example.com');
  t.is(r.init.code, EXIT.pass, r.init.out + r.init.err);
  t.regex(r.text, /"capture":\{"token":"\$\.accessToken","uid":"\$\.user\.id"\}/);
  t.regex(r.text, /headers: \{"authorization":"Bearer \{\{token\}\}"\}\n {4}sessionToken: token/);
  t.regex(r.text, /whoami: \{"method":"GET","path":"\/users\/\{\{uid\}\}","identity":"\$\.email"\}/);
  t.is(r.run.code, EXIT.pass, r.run.out + r.run.err);
  t.is(r.summary.coverage.users.loggedIn, 4);
});

test('init says what it could not find, and refuses to overwrite a file', async (t) => {
  const app = await startBearerApi();
  t.teardown(() => app.close());
  const dir = await mkdtemp(join(tmpdir(), 'sc-init-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'x.yaml');
  const bad = await cli(
    'init',
    '--url',
    app.url,
    '--username',
    'nobody@example.com',
    '--password',
    'wrong',
    '--out',
    file,
  );
  // Nothing logs in: a scaffold is written all the same (its TODOs say what to fill in), exit 69.
  t.is(bad.code, EXIT.environment);
  t.regex(bad.err, /is a scaffold: init could not find login/);
  t.regex(await readFile(file, 'utf8'), /# TODO: fill in login/);
  await writeFile(file, 'name: mine\n');
  const again = await cli('init', '--url', app.url, '--out', file);
  t.is(again.code, EXIT.usage);
  t.regex(again.err, /exists; pass --force to overwrite it/);
  t.is(await readFile(file, 'utf8'), 'name: mine\n');
});
