import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { EXIT } from 'sessionchaos';
import { cli, readSummary } from './helpers/run-cli.ts';

// A run that tested nothing is `unknown` (exit 2), never `pass`: two targets the lab journey cannot
// get through, on 127.0.0.1, through the real CLI. Each run is 2 s with 5 users.

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A local target answering with `handler`, closed when the test ends. */
async function serve(t: ExecutionContext, handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Writes a scenario for `url` with the lab's default journey and runs it; the out dir is returned too. */
async function runAgainst(
  t: ExecutionContext,
  url: string,
): Promise<{ code: number; out: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-coverage-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'coverage.yaml');
  const scenario = {
    name: 'coverage',
    description: 'The default journey against a target it cannot get through.',
    target: { url },
    load: { users: 5, duration: '2s', think: '100ms' },
    probes: { every: false },
  };
  await writeFile(file, JSON.stringify(scenario, null, 2));
  const out = join(dir, 'out');
  const r = await cli('run', file, '--out', out, '--no-dashboard', '--seed', '1');
  return { code: r.code, out: `${r.out}\n${r.err}`, dir: out };
}

/** The lab contract for the journey check's one user, then every later login refused with 403. */
function refusesAfterTheCheck(): (req: IncomingMessage, res: ServerResponse) => void {
  let logins = 0;
  return (req, res) => {
    const mine = (req.headers.cookie ?? '').includes('sid=checked');
    if (req.method === 'POST' && req.url === '/login') {
      if (logins++ === 0)
        return void res.writeHead(303, { location: '/', 'set-cookie': 'sid=checked; Path=/' }).end();
      return void res.writeHead(403, { 'content-type': 'text/plain' }).end('CSRF token missing');
    }
    if (req.url === '/logout')
      return void res.writeHead(303, { location: '/login', 'set-cookie': 'sid=; Max-Age=0; Path=/' }).end();
    if (req.url === '/api/me')
      return void res
        .writeHead(mine ? 200 : 401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ user: mine ? 'user-1' : null }));
    if (req.url === '/api/data')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"value":1}');
    res.writeHead(200, { 'content-type': 'text/html' }).end('<form method="post" action="/login"></form>');
  };
}

test.serial(
  'a target whose logins are refused (403) once the journey check is through: unknown, exit 2, the diagnosis and the fix',
  async (t) => {
    const url = await serve(t, refusesAfterTheCheck());
    const { code, out, dir } = await runAgainst(t, url);
    t.is(code, EXIT.unknown, out);
    t.regex(out, /^UNKNOWN: coverage/m);
    t.regex(out, /journey: 0 of 5 users ever logged in: \d+ logins, all refused \(403\)/);
    t.regex(out, /fix: run `sessionchaos journey .*coverage\.yaml` to walk the journey once/);
    const summary = await readSummary(dir);
    t.is(summary.verdict, 'unknown');
    t.false(summary.coverage.sufficient);
    t.is(summary.coverage.users.loggedIn, 0);
    t.is(summary.coverage.users.total, 5);
    t.true(summary.coverage.roles.login.attempts > 0);
    t.is(summary.coverage.roles.login.ok, 0);
    t.regex(summary.coverage.diagnosis!, /^0 of 5 users ever logged in: \d+ logins, all refused \(403\)$/);
    t.regex(summary.verdictReason!, /sessionchaos journey/);
  },
);

test.serial(
  'a target refusing every login (403): the preflight walk stops the run with 69 and the diagnosis; no load',
  async (t) => {
    let requests = 0;
    const url = await serve(t, (req, res) => {
      requests++;
      if (req.method === 'POST' && req.url === '/login')
        return void res.writeHead(403, { 'content-type': 'text/plain' }).end('CSRF token missing');
      res.writeHead(200, { 'content-type': 'text/html' }).end('<form method="post" action="/login"></form>');
    });
    const { code, out, dir } = await runAgainst(t, url);
    t.is(code, EXIT.environment, out);
    t.regex(
      out,
      /journey failed at step 2 \(login\): the login was refused: POST .* answered 403\. The answer starts: "CSRF token missing"/,
    );
    t.regex(out, /no load was sent/);
    // The reachability check, the visit and the login: nothing more.
    t.is(requests, 3);
    await t.throwsAsync(readSummary(dir));
  },
);

test.serial(
  'a target answering 200 "ok" to everything: the walk finds that whoami names nobody; exit 69, no load',
  async (t) => {
    const url = await serve(t, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    const { code, out } = await runAgainst(t, url);
    t.is(code, EXIT.environment, out);
    t.regex(out, /journey failed at step 3 \(whoami\): after the login, whoami answered as nobody/);
    t.regex(out, /likely fix: either the session was not kept \(the login set no cookie/);
  },
);
