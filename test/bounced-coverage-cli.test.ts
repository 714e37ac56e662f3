import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { cli, readSummary } from './helpers/run-cli.ts';

// Coverage counts what was observed, through the real CLI against targets of our own on
// 127.0.0.1 (2 s, 5 users each): reads bounced to the login page are no successes and leave
// stale-read "not judged"; a multi-step login whose first step loops counts each loop as a
// failed login.

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A local target answering with `handler` (given the request body), closed when the test ends. */
async function serve(t: ExecutionContext, handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handler(req, body, res));
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

const sidOf = (req: IncomingMessage): string | undefined =>
  /(?:^|; )sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
const json = (res: ServerResponse, status: number, body: unknown): void =>
  void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const LOGIN_FORM =
  '<form method="post" action="/login"><input name="username"><input type="password" name="password"></form>';

/**
 * The lab's contract, with one session store for logins and whoami, but reads served by "another
 * process" that knows only the journey check's session: every load read goes to the login page
 * (Django's per-process sessions behind round robin). `login` serves GET /login before the form.
 */
function labLike(options: { bounceReads: boolean; loopFirstStep: () => boolean }): Handler {
  const sessions = new Map<string, { user: string; value: unknown }>();
  let logins = 0;
  let checked: string | undefined;
  return (req, body, res) => {
    const sid = sidOf(req);
    const s = sid === undefined ? undefined : sessions.get(sid);
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/sso') {
      if (options.loopFirstStep()) return void res.writeHead(302, { location: '/sso/a' }).end();
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(LOGIN_FORM);
    }
    if (path === '/sso/a') return void res.writeHead(302, { location: '/sso/b' }).end();
    if (path === '/sso/b') return void res.writeHead(302, { location: '/sso/a' }).end();
    if (req.method === 'POST' && path === '/login') {
      const user = new URLSearchParams(body).get('username') ?? 'nobody';
      const id = `s${logins++}`;
      checked ??= id;
      sessions.set(id, { user, value: null });
      return void res.writeHead(303, { location: '/', 'set-cookie': `sid=${id}; Path=/` }).end();
    }
    if (path === '/logout') {
      if (sid !== undefined) sessions.delete(sid);
      return void res.writeHead(303, { location: '/login', 'set-cookie': 'sid=; Max-Age=0; Path=/' }).end();
    }
    if (path === '/api/me') return json(res, s ? 200 : 401, { user: s ? s.user : null });
    if (path === '/api/data') {
      const bounce = !s || (req.method === 'GET' && options.bounceReads && sid !== checked);
      if (bounce) return void res.writeHead(302, { location: '/login?next=/api/data' }).end();
      if (req.method === 'POST') s.value = (JSON.parse(body) as { value: unknown }).value;
      return json(res, 200, { value: s.value });
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end(path === '/login' ? LOGIN_FORM : '<p>home</p>');
  };
}

/** Runs `scenario` (2 s, 5 users, no probes) against `url`; returns the exit code, output and out dir. */
async function runAgainst(
  t: ExecutionContext,
  url: string,
  extra: Record<string, unknown>,
): Promise<{ code: number; out: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-bounced-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'bounced.yaml');
  const scenario = {
    name: 'bounced',
    description: 'Coverage counts only what was observed.',
    target: { url },
    load: { users: 5, duration: '2s', think: '50ms' },
    probes: { every: false },
    ...extra,
  };
  await writeFile(file, JSON.stringify(scenario, null, 2));
  const out = join(dir, 'out');
  const r = await cli('run', file, '--out', out, '--no-dashboard', '--seed', '1');
  return { code: r.code, out: `${r.out}\n${r.err}`, dir: out };
}

test.serial(
  'reads that always end on the login page: read 0/N, and the stale-read gate is "not judged" in summary.json, report.md and junit.xml',
  async (t) => {
    const url = await serve(t, labLike({ bounceReads: true, loopFirstStep: () => false }));
    const { out, dir } = await runAgainst(t, url, { gate: [{ finding: 'stale-read', max: 0 }] });
    const summary = await readSummary(dir);
    const read = summary.coverage.roles.read;
    t.true(read.attempts > 10, out);
    t.is(read.ok, 0, out);
    t.true(summary.coverage.roles.write.ok > 0, out);
    const gate = summary.gates.find((g) => g.name === 'stale-read count')!;
    t.is(gate.nothingToJudge, true, out);
    t.is(gate.passed, null);
    t.is(
      gate.reason,
      `nothing to judge: no successful read (${read.attempts} of ${read.attempts} reads refused or sent to the login page)`,
    );
    // A gate the scenario wrote that judged nothing: the run is unknown, never pass.
    t.is(summary.verdict, 'unknown');
    t.regex(out, /not judged \(nothing to judge\): stale-read count \(no successful read/);
    const md = await readFile(join(dir, 'report.md'), 'utf8');
    t.regex(
      md,
      /^\| ➖ not judged \| stale-read count \| &lt;= 0 \| nothing to judge: no successful read \(/m,
    );
    t.notRegex(md, /✅ \| stale-read/);
    const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
    t.regex(
      junit,
      /<testcase name="stale-read count"[^>]*>\s*<skipped message="nothing to judge: no successful read \(/,
    );
  },
);

test.serial(
  'a multi-step login whose first step loops: each loop is a failed login in coverage',
  async (t) => {
    let firstSteps = 0;
    let loops = 0;
    // The journey check's walk gets through; then two load logins in three loop on their first step.
    const loopFirstStep = (): boolean => {
      const loop = firstSteps++ % 3 !== 0;
      if (loop) loops++;
      return loop;
    };
    const url = await serve(t, labLike({ bounceReads: false, loopFirstStep }));
    const journey = {
      visit: { method: 'GET', path: '/' },
      loginPage: '/login',
      login: [
        { method: 'GET', path: '/sso' },
        {
          method: 'POST',
          path: '/login',
          bodyType: 'form',
          body: { username: '{{username}}', password: '{{password}}' },
        },
      ],
      whoami: { method: 'GET', path: '/api/me', identity: '$.user' },
      logout: { method: 'POST', path: '/logout' },
    };
    const { out, dir } = await runAgainst(t, url, { target: { url, journey } });
    const login = (await readSummary(dir)).coverage.roles.login;
    t.true(loops > 5, `the target looped only ${loops} times: ${out}`);
    t.true(login.ok > 0, out);
    // Every loop the target served is a failed login, but one a user's loop still in flight at the end.
    const failed = login.attempts - login.ok;
    t.true(failed <= loops && failed >= loops - 5, `${failed} failed logins for ${loops} loops: ${out}`);
    t.regex(out, new RegExp(`coverage: .*login ${login.ok}/${login.attempts}`));
  },
);
