import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../src/index.ts';
import { cli } from './helpers/run-cli.ts';

function cookie(req: IncomingMessage, name: string): string | undefined {
  return (req.headers.cookie ?? '')
    .split(';')
    .map((p) => p.trim().split('='))
    .find(([k]) => k === name)?.[1];
}

/** A server-rendered app with a CSRF token in its login form (a hand-made target: the rules of a real one). */
async function csrfApp(): Promise<{ origin: string; requests: string[]; close: () => void }> {
  const sessions = new Map<string, { csrf: string; user?: string }>();
  const requests: string[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}`);
      let sid = cookie(req, 'sid');
      let s = sid === undefined ? undefined : sessions.get(sid);
      if (!s) {
        sid = `s${++n}`;
        s = { csrf: `t${n}` };
        sessions.set(sid, s);
        res.setHeader('set-cookie', `sid=${sid}; Path=/`);
      }
      if (req.url === '/login' && req.method === 'GET')
        return void res.end(
          `<form method=post action=/login><input type=hidden name=_csrf value=${s.csrf}>` +
            '<input name=email><input type=password name=pass></form>',
        );
      if (req.url === '/login') {
        const f = new URLSearchParams(body);
        if (f.get('_csrf') !== s.csrf)
          return void res.writeHead(403).end('ForbiddenError: invalid csrf token');
        s.user = f.get('email') ?? '';
        return void res.writeHead(302, { location: '/' }).end();
      }
      if (req.url === '/') return void res.end('home');
      if (req.url === '/me') {
        if (!s.user) return void res.writeHead(302, { location: '/login' }).end();
        return void res.end(JSON.stringify({ email: s.user }));
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

function scenario(origin: string, login: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sc-journey-'));
  const file = join(dir, 'app.yaml');
  writeFileSync(
    file,
    `name: csrf-app
description: a form login with a CSRF token
target:
  url: ${origin}
  journey:
    login: ${login}
    credentials: { username: "u{{vu}}@example.com", password: secret }
    whoami: { method: GET, path: /me, identity: $.email }
load: { users: 3, duration: 2s }
probes: { every: false }
`,
  );
  return file;
}

test('journey names the step that fails, what came back and the fix: a login without the hidden CSRF field', async (t) => {
  const app = await csrfApp();
  t.teardown(app.close);
  const file = scenario(
    app.origin,
    '[{ method: GET, path: /login }, { method: POST, path: /login, bodyType: form, body: { email: "{{username}}", pass: "{{password}}" } }]',
  );
  const { code, out } = await cli('journey', file);
  t.is(code, EXIT.environment, out);
  t.regex(out, / 1 login {15}GET http:\/\/127\.0\.0\.1:\d+\/login -> 200 ok/);
  t.regex(out, /cookies set: sid=[0-9a-f]+/);
  t.regex(out, /journey failed at step 2 \(login\): the login was refused: POST .*\/login answered 403/);
  t.regex(out, /The answer starts: "ForbiddenError: invalid csrf token"/);
  t.regex(out, /hidden field\(s\) _csrf that the login does not send/);
  t.regex(
    out,
    /likely fix: submit the page's form with its hidden fields: login: \{form: \{page: \/login, fields: \{email: \.\.\., pass: \.\.\.\}\}\}/,
  );
});

test('journey with a form step works and shows the capture-free walk; exit 0', async (t) => {
  const app = await csrfApp();
  t.teardown(app.close);
  const file = scenario(
    app.origin,
    '{ form: { page: /login, fields: { email: "{{username}}", pass: "{{password}}" } } }',
  );
  const { code, out } = await cli('journey', file);
  t.is(code, EXIT.pass, out);
  t.regex(out, /identity: u1@example\.com/);
  t.regex(out, /journey works: logged in, whoami confirmed the user\./);
});

test('run walks the journey first and sends no load when it fails: exit 69 with the diagnosis', async (t) => {
  const app = await csrfApp();
  t.teardown(app.close);
  const file = scenario(
    app.origin,
    '{ method: POST, path: /login, bodyType: form, body: { email: "{{username}}" } }',
  );
  const out = join(mkdtempSync(join(tmpdir(), 'sc-run-')), 'r');
  const r = await cli('run', file, '--no-dashboard', '--out', out);
  t.is(r.code, EXIT.environment, r.err);
  t.regex(r.err, /journey failed at step 1 \(login\)/);
  t.regex(r.err, /no load was sent\. Fix it and check it with: sessionchaos journey /);
  // The preflight GET and the walk's one login: nothing else reached the target.
  t.deepEqual(app.requests, ['GET /', 'POST /login']);
});
