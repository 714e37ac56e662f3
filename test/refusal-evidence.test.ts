import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RunAnalyzer, withJourneyDefaults, type RunAnalysis } from '@sessionchaos/core';
import { createHttpClient, startRun } from '@sessionchaos/traffic';
import test from 'ava';
import { startBrokenTarget } from './helpers/broken-target.ts';
import { directRun } from './helpers/direct-run.ts';

// Issue 23, end to end against targets of our own on 127.0.0.1: refusals that lose nothing are not
// lost sessions. (a) A FORM login shown in place (Tomcat's) that refuses 15% of the logins on a
// two-node cluster losing nothing: failed logins, no lost session. (b) 30% of API requests refused
// at random for two seconds, every session intact: transient refusals and a 401 spike, no loss.

const FORM =
  '<html><body><form method="post" action="j_security_check"><input name="j_username">' +
  '<input name="j_password" type="password"></form></body></html>';

/** Two nodes behind a round robin sharing one store (nothing is lost); 3 logins in 20 refused in place; `refused` counts them. */
async function startFormCluster(): Promise<{ url: string; refused: number; close(): Promise<void> }> {
  const sessions = new Map<string, string | null>();
  let next = 0;
  let turn = 0;
  let logins = 0;
  const state = { refused: 0 };
  const sidOf = (req: IncomingMessage): string | undefined =>
    /(?:^|;\s*)JSESSIONID=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.setHeader('x-served-by', `app-${(turn++ % 2) + 1}`);
      const path = (req.url ?? '/').split('?')[0];
      let sid = sidOf(req);
      if (sid === undefined || !sessions.has(sid)) {
        sid = `s${++next}`;
        sessions.set(sid, null);
        res.setHeader('set-cookie', `JSESSIONID=${sid}; Path=/`);
      }
      const user = sessions.get(sid) ?? null;
      if (path === '/j_security_check' && req.method === 'POST') {
        // The replication race of Tomcat's FORM login, 3 logins in 20: a 302 back, nobody logged in.
        if (++logins % 20 < 3) state.refused++;
        else {
          const id = `s${++next}`;
          sessions.delete(sid);
          sessions.set(id, new URLSearchParams(body).get('j_username'));
          res.setHeader('set-cookie', `JSESSIONID=${id}; Path=/`);
        }
        return void res.writeHead(302, { location: '/protected' }).end();
      }
      if (path === '/logout') {
        sessions.delete(sid);
        return void res.writeHead(302, { location: '/protected' }).end();
      }
      // The protected pages show the login form in place (200) to whoever is not logged in.
      if (user === null) return void res.writeHead(200, { 'content-type': 'text/html' }).end(FORM);
      if (path === '/api/me')
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ user }));
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>Hello ${user}</p>`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get refused() {
      return state.refused;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

test.serial(
  'a FORM login shown in place, refused 15% of the time on a cluster that loses nothing: failed logins, no lost session',
  async (t) => {
    const target = await startFormCluster();
    const analyzer = new RunAnalyzer({ nodes: 2, loginPath: '/login', sessionCookie: 'JSESSIONID' });
    const client = createHttpClient({ connections: 16 });
    let a: RunAnalysis;
    try {
      const handle = startRun({
        target: target.url,
        load: { model: 'closed', vus: 12, durationMs: 4_000, thinkMs: 20 },
        journey: withJourneyDefaults({
          visit: { method: 'GET', path: '/protected' },
          login: {
            method: 'POST',
            path: '/j_security_check',
            bodyType: 'form',
            body: { j_username: '{{username}}', j_password: '{{password}}' },
          },
          whoami: { method: 'GET', path: '/api/me', identity: '$.user' },
          write: undefined,
          read: undefined,
          logout: { method: 'POST', path: '/logout' },
          logoutChance: 0.3,
          sessionCookie: 'JSESSIONID',
        }),
        seed: 5,
        client,
        sink: (op) => analyzer.feed(op),
      });
      a = analyzer.finish(undefined, (await handle.done).durationMs);
    } finally {
      await client.close();
      await target.close();
    }
    t.true(target.refused >= 5, `the target refused only ${target.refused} logins`);
    const login = a.coverage.roles.login;
    // Every login the target refused is a failed login (one cut by the run's end may be unjudged).
    t.true(
      login.attempts - login.ok >= target.refused - 12,
      JSON.stringify({ login, refused: target.refused }),
    );
    t.true(login.ok < login.attempts);
    t.regex(a.coverage.loginRefusal?.outcome ?? '', /then whoami not naming the user/);
    t.deepEqual(
      a.check.findings.filter((f) => f.kind === 'lost-session').map((f) => f.detail),
      [],
    );
    t.is(a.users.withLostSession, 0);
  },
);

test.serial(
  '30% of API requests refused at random for 2 s, every session intact: transient refusals and a spike, zero lost sessions',
  async (t) => {
    await using target = await startBrokenTarget();
    const { analysis: a, faultKey } = await directRun({
      target,
      bug: 'transient-refusal',
      window: { atMs: 1_500, durationMs: 2_000 },
    });
    const kinds = (k: string) => a.check.findings.filter((f) => f.kind === k);
    t.true(kinds('transient-refusal').some((f) => f.fault === faultKey && f.affectedUsers > 5));
    t.true(kinds('unauthorized-spike').length > 0);
    t.regex(kinds('transient-refusal')[0]!.detail, /accepted again after a median \d+ ms, max \d+ ms/);
    t.deepEqual(
      kinds('lost-session').map((f) => f.detail),
      [],
    );
    t.is(a.users.withLostSession, 0);
  },
);
