import test from 'ava';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../src/index.ts';
import { discoverFromHar } from '../src/init/har/har-discovery.ts';
import { parseHar, type HarEntry } from '../src/init/har/har-file.ts';
import { cli } from './helpers/run-cli.ts';

// The HAR reader on small recordings written here (the real browser recordings of real apps are in
// test/init-har.slow.test.ts): what is dropped, which login is taken, what becomes a template.

const APP = 'https://shop.example.com';

interface Exchange {
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  status?: number;
  answer?: unknown;
  html?: string;
  setCookie?: string;
  type?: string;
}

function entry(method: string, url: string, x: Exchange = {}): HarEntry {
  const text = x.answer !== undefined ? JSON.stringify(x.answer) : (x.html ?? '');
  return {
    request: {
      method,
      url,
      headers: Object.entries(x.headers ?? {}).map(([name, value]) => ({ name, value })),
      ...(x.json !== undefined
        ? { postData: { mimeType: 'application/json', text: JSON.stringify(x.json) } }
        : x.form
          ? {
              postData: {
                mimeType: 'application/x-www-form-urlencoded',
                text: new URLSearchParams(x.form).toString(),
              },
            }
          : {}),
    },
    response: {
      status: x.status ?? 200,
      headers: x.setCookie ? [{ name: 'Set-Cookie', value: x.setCookie }] : [],
      content: { mimeType: x.answer !== undefined ? 'application/json' : 'text/html', text },
    },
    ...(x.type ? { _resourceType: x.type } : {}),
  };
}

function discover(entries: HarEntry[]) {
  const r = discoverFromHar({ entries }, 'x.har');
  if ('error' in r) throw new Error(r.error);
  return r;
}

test('a HAR that is not JSON, or not shaped as HAR 1.2, is refused with where it is wrong', (t) => {
  const notJson = parseHar('<html>', 'a.har');
  t.false(notJson.ok);
  t.regex(notJson.ok ? '' : notJson.error, /cannot read a\.har as a HAR: it is not JSON/);
  const bad = parseHar(
    JSON.stringify({ log: { entries: [{ request: { method: 'GET' }, response: {} }] } }),
    'b.har',
  );
  t.false(bad.ok);
  const error = bad.ok ? '' : bad.error;
  t.regex(
    error,
    /b\.har is not a HAR 1\.2 file: log\.entries\.0\.request: must have required property 'url'/,
  );
  t.regex(error, /log\.entries\.0\.response: must have required property 'status'/);
  t.true(parseHar(JSON.stringify({ log: { version: '1.2', entries: [] } }), 'c.har').ok);
});

test('static assets and other sites are dropped; a mistyped first password is passed over for the one that logged in', (t) => {
  const r = discover([
    entry('GET', `${APP}/`, { html: '<p>shop</p>' }),
    entry('GET', `${APP}/app.js`, { type: 'script' }),
    entry('GET', `${APP}/logo.png`),
    entry('POST', `${APP}/api/login`, {
      json: { email: 'ann@example.com', password: 'typo' },
      status: 401,
      answer: {},
    }),
    entry('POST', `${APP}/api/login`, {
      json: { email: 'ann@example.com', password: 'Tr0ub4dor&3' },
      answer: { ok: true },
      setCookie: 'shop_session=abc123; Path=/; HttpOnly',
    }),
    // An analytics beacon on another site, three times: still not the app.
    ...[1, 2, 3].map(() => entry('POST', 'https://metrics.tracker.net/collect', { json: { e: 'view' } })),
    entry('GET', `${APP}/api/account`, {
      headers: { Cookie: 'shop_session=abc123' },
      answer: { email: 'ann@example.com' },
    }),
  ]);
  t.is(r.target, APP);
  t.is(r.password, 'Tr0ub4dor&3');
  t.deepEqual(r.discovery.login, {
    method: 'POST',
    path: '/api/login',
    bodyType: 'json',
    body: { email: '{{username}}', password: '{{password}}' },
  });
  t.deepEqual(r.discovery.whoami, { method: 'GET', path: '/api/account', identity: '$.email' });
  t.is(r.discovery.sessionCookie, 'shop_session');
  t.false(JSON.stringify(r.discovery).includes('tracker'));
  t.false(JSON.stringify(r.discovery).includes('Tr0ub4dor'));
});

test('a double-submit CSRF cookie echoed in a header becomes a cookie template; a nested JSON login is templated in place', (t) => {
  const r = discover([
    entry('GET', `${APP}/`, { html: '<p>shop</p>', setCookie: 'XSRF-TOKEN=9f8e7d6c5b4a; Path=/' }),
    entry('POST', `${APP}/api/session`, {
      headers: { 'X-XSRF-TOKEN': '9f8e7d6c5b4a', Cookie: 'XSRF-TOKEN=9f8e7d6c5b4a' },
      json: { user: { login: 'ann', password: 'pw-2024-long' }, remember: true },
      status: 204,
      setCookie: 'sid=s1; Path=/',
    }),
    entry('GET', `${APP}/api/me`, { headers: { Cookie: 'sid=s1' }, answer: { name: 'ann' } }),
  ]);
  t.deepEqual(r.discovery.login, {
    method: 'POST',
    path: '/api/session',
    bodyType: 'json',
    body: { user: { login: '{{username}}', password: '{{password}}' }, remember: true },
    headers: { 'x-xsrf-token': '{{cookie.XSRF-TOKEN}}' },
  });
  t.is(r.username, 'ann');
  t.is(r.discovery.sessionCookie, 'sid');
});

test('a CORS preflight before the logout is the browser own request: the logout is the POST after it', (t) => {
  const r = discover([
    entry('POST', `${APP}/login`, {
      form: { username: 'ann', password: 'pw-2024-long' },
      setCookie: 'sid=s1',
    }),
    entry('GET', `${APP}/api/me`, { headers: { Cookie: 'sid=s1' }, answer: { user: 'ann' } }),
    entry('OPTIONS', `${APP}/api/logout`, { status: 204 }),
    entry('POST', `${APP}/api/logout`, { headers: { Cookie: 'sid=s1' }, status: 204 }),
  ]);
  t.deepEqual(r.discovery.logout, { method: 'POST', path: '/api/logout' });
});

test('a HAR saved without cookies (a sanitized export) says so', (t) => {
  const r = discover([
    entry('POST', `${APP}/login`, { form: { username: 'ann', password: 'pw-2024-long' }, status: 302 }),
    entry('GET', `${APP}/api/me`, { answer: { user: 'ann' } }),
  ]);
  t.true(
    r.discovery.notes.some((n) => /no cookie set at the login was sent back .*with sensitive data/.test(n)),
  );
});

test('init --har refuses a file that is not a HAR (64) and a recording without a login (69), writing nothing', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sc-har-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const notHar = join(dir, 'page.har');
  await writeFile(notHar, '<html></html>');
  const a = await cli('init', '--har', notHar, '--out', join(dir, 'a.yaml'));
  t.is(a.code, EXIT.usage);
  t.regex(a.err, /it is not JSON/);
  const noLogin = join(dir, 'browse.har');
  await writeFile(
    noLogin,
    JSON.stringify({ log: { entries: [entry('GET', `${APP}/`, { html: '<p>hi</p>' })] } }),
  );
  const b = await cli('init', '--har', noLogin, '--out', join(dir, 'b.yaml'));
  t.is(b.code, EXIT.environment);
  t.regex(b.err, /found no login in .*browse\.har: none of its 1 requests/);
});

test('init --har never writes the typed password: a recording where it would land in the file writes nothing (69)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sc-har-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  // The password is part of the username: templating the login cannot keep it out of the credentials.
  const har = join(dir, 'login.har');
  const login = entry('POST', `${APP}/login`, { form: { username: 'ann-s3cret-99', password: 's3cret-99' } });
  await writeFile(har, JSON.stringify({ log: { entries: [login] } }));
  const file = join(dir, 'x.yaml');
  const r = await cli('init', '--har', har, '--out', file);
  t.is(r.code, EXIT.environment);
  t.regex(r.err, /the scenario would hold the password typed in the recording .*; nothing written/);
  await t.throwsAsync(readFile(file, 'utf8'), { code: 'ENOENT' });
});

test('init --har --url tests another copy of the app than the one recorded', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sc-har-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const har = join(dir, 'login.har');
  const login = entry('POST', `${APP}/login`, { form: { username: 'user-1', password: 'pw-2024-long' } });
  await writeFile(har, JSON.stringify({ log: { entries: [login] } }));
  // A port nothing listens on: the walk fails at once, after the file is written.
  const closed = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
  const file = join(dir, 'x.yaml');
  const r = await cli(
    'init',
    '--har',
    har,
    '--url',
    `http://127.0.0.1:${closed}`,
    '--out',
    file,
    '--password',
    'pw',
  );
  t.is(r.code, EXIT.environment, r.out + r.err);
  const text = await readFile(file, 'utf8');
  t.regex(text, new RegExp(`^  url: http://127\\.0\\.0\\.1:${closed}$`, 'm'));
  t.false(text.includes('shop.example.com'));
  t.false(text.includes('pw-2024-long'));
});
