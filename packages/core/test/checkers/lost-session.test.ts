import test from 'ava';
import { lostSessionChecker } from '../../src/checkers/lost-session.ts';
import { checkHistory, runChecker } from '../../src/checkers/check-history.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import { login, logout, whoami } from './journey.ts';

test('flags a 401 to a logged-in user during a fault, and names the fault', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  whoami(h, 1, 100, 's1');
  h.fault('kill-app-1', 'kill', 150, 400, { target: 'app' });
  whoami(h, 1, 200, 's1', null, 'app-2');
  const [finding, ...rest] = runChecker(lostSessionChecker, h.ops);
  t.deepEqual(rest, []);
  t.is(finding!.kind, 'lost-session');
  t.is(finding!.count, 1);
  t.deepEqual(finding!.users, [1]);
  t.is(finding!.fault, 'kill-app-1');
  t.is(finding!.firstAtMs, 205);
  t.regex(finding!.detail, /1 logged-in user lost their session during fault kill-app-1/);
});

test('flags a redirect to the login page, and a replaced session cookie that turns out anonymous', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  h.step(
    1,
    'visit',
    50,
    60,
    { session: 's1', url: '/' },
    {
      status: 200,
      session: 's1',
      hops: [
        {
          method: 'GET',
          url: '/',
          status: 302,
          location: '/login',
          sent: [{ name: 'sid', hash: 's1' }],
          set: [],
        },
        { method: 'GET', url: '/login', status: 200, sent: [{ name: 'sid', hash: 's1' }], set: [] },
      ],
    },
  );
  login(h, 2, 0, 's2');
  // Handed a new (anonymous) session on a read: the whoami after it is refused.
  h.step(2, 'read', 70, 75, { session: 's2' }, { status: 200, value: null, session: 's9' });
  whoami(h, 2, 80, 's9', null);
  const findings = runChecker(lostSessionChecker, h.ops);
  t.is(findings.length, 1);
  t.is(findings[0]!.count, 2);
  t.deepEqual(findings[0]!.users, [1, 2]);
  t.is(findings[0]!.fault, null);
});

test('does not flag a 401 after logout, after the idle timeout, or on the login step', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  logout(h, 1, 50, 's1');
  whoami(h, 1, 100, 's1', null);
  login(h, 2, 0, 's2');
  whoami(h, 2, 5_000, 's2', null); // idle for ~5 s with a 1 s idle timeout
  h.step(3, 'login', 0, 10, { user: 'user-3' }, { status: 401, identity: null });
  whoami(h, 3, 20, 's3', null);
  t.deepEqual(runChecker(lostSessionChecker, h.ops, { idleTimeoutMs: 1_000 }), []);
});

test('does not flag after the absolute timeout, nor a new epoch starting anonymous', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  for (let time = 100; time < 3_000; time += 500) whoami(h, 1, time, 's1');
  whoami(h, 1, 3_100, 's1', null);
  login(h, 2, 0, 's2');
  h.step(2, 'whoami', 100, 110, { epoch: 1 }, { epoch: 1, status: 401, identity: null });
  t.deepEqual(runChecker(lostSessionChecker, h.ops, { absoluteTimeoutMs: 2_000 }), []);
});

test('does not flag a session cookie re-issued on an answer that still serves the user (a JWT refreshed on write)', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  h.step(1, 'write', 50, 55, { session: 's1', value: 1 }, { status: 200, value: 1, session: 's2' });
  whoami(h, 1, 60, 's2');
  h.step(1, 'write', 70, 75, { session: 's2', value: 2 }, { status: 200, value: 2, session: 's3' });
  h.step(1, 'read', 80, 85, { session: 's3' }, { status: 200, value: 2, session: 's3' });
  t.deepEqual(runChecker(lostSessionChecker, h.ops), []);
});

test('does not flag a 5xx or a request with no answer: they say nothing about the session', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  h.step(1, 'whoami', 50, 60, { session: 's1' }, { status: 503, node: 'app-1' });
  h.step(1, 'read', 70, 80, { session: 's1' }, { error: 'ECONNRESET' });
  h.step(1, 'write', 90, 100, { session: 's1', value: 1 }, { status: 500 });
  whoami(h, 1, 200, 's1');
  t.deepEqual(runChecker(lostSessionChecker, h.ops), []);
});

test('flags a refused read or write (a 401 recorded as fail), once per incident', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  h.step(1, 'write', 50, 55, { session: 's1', value: 1 }, { status: 401, session: 's1' });
  h.step(1, 'read', 60, 65, { session: 's1' }, { status: 401, session: 's1' });
  whoami(h, 1, 70, 's1', null);
  t.is(h.ops.at(-1)!.type, 'fail');
  const findings = runChecker(lostSessionChecker, h.ops);
  t.deepEqual(
    findings.map((f) => [f.count, f.affectedUsers, f.firstAtMs]),
    [[1, 1, 55]],
  );
});

test('a login bounced back to the login page ends the earlier session: later refusals are not losses', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  h.step(1, 'login', 50, 60, { session: 's1' }, { status: 401, session: 's1' });
  whoami(h, 1, 70, 's1', null);
  t.deepEqual(runChecker(lostSessionChecker, h.ops), []);
});

test("a probe's lost session is named in the detail, not counted among the users", (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  login(h, 2, 0, 's2');
  h.step(
    9,
    'login',
    0,
    5,
    { probe: 'concurrent-write' },
    { status: 200, session: 's9', probe: 'concurrent-write' },
  );
  h.fault('kill', 'kill', 100, 200);
  whoami(h, 1, 150, 's1', null);
  whoami(h, 2, 150, 's2', null);
  h.step(
    9,
    'write',
    150,
    155,
    { session: 's9', value: 1, probe: 'concurrent-write' },
    { status: 401, probe: 'concurrent-write' },
  );
  const [finding] = runChecker(lostSessionChecker, h.ops);
  t.deepEqual([finding!.count, finding!.users, finding!.affectedUsers], [3, [1, 2], 2]);
  t.regex(finding!.detail, /^2 logged-in users and 1 probe lost their session during fault kill/);
});

/** A logout answered `status` (5xx: the session store is down), or not at all. */
function failedLogout(h: HistoryBuilder, vu: number, t: number, session: string, status?: number): void {
  h.step(
    vu,
    'logout',
    t,
    t + 5,
    { session, method: 'POST', url: '/logout' },
    status === undefined ? { error: 'timeout', session } : { status, session, node: 'app-1' },
  );
}

test('a store that comes back empty while logouts answer 500: every user who lost a session is counted', (t) => {
  const h = new HistoryBuilder();
  const users = 25;
  for (let vu = 1; vu <= users; vu++) {
    login(h, vu, vu, `s${vu}`);
    whoami(h, vu, 100 + vu, `s${vu}`);
  }
  h.fault('redis-down', 'kill', 200, 400, { target: 'redis-primary' });
  for (let vu = 1; vu <= users; vu++) {
    // A logout during the outage, answered 500 by the app or 503 by the balancer: it did not log
    // anyone out. (One cut off with no answer might have: see the test of unknown outcomes.)
    failedLogout(h, vu, 250 + vu, `s${vu}`, vu % 5 === 0 ? 503 : 500);
    // The next iteration: the login fails too while the store is down...
    h.step(vu, 'login', 300 + vu, 310 + vu, { session: `s${vu}` }, { status: 500, session: `s${vu}` });
    // ...and after it comes back empty, the old cookie is refused.
    whoami(h, vu, 500 + vu, `s${vu}`, null);
  }
  const [finding, ...rest] = runChecker(lostSessionChecker, h.ops);
  t.deepEqual(rest, []);
  t.deepEqual([finding!.count, finding!.affectedUsers], [users, users]);
  t.is(finding!.fault, 'redis-down');
});

test('a logout refused as not logged in is a lost session; refusals while a logout is in flight are not', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  h.step(1, 'logout', 50, 55, { session: 's1' }, { status: 401, session: 's1' });
  login(h, 2, 0, 's2');
  h.invoke(2, 'whoami', 50, { session: 's2' });
  h.invoke(2, 'logout', 51, { session: 's2' });
  h.fail(2, 'whoami', 53, { status: 401, identity: null }); // raced the logout
  h.ok(2, 'logout', 55, { status: 200 });
  whoami(h, 2, 60, 's2', null);
  const findings = runChecker(lostSessionChecker, h.ops);
  t.deepEqual(
    findings.map((f) => [f.count, f.users, f.firstAtMs]),
    [[1, [1], 55]],
  );
});

test('a logout of unknown outcome (no answer, 502, 504) may have logged out: the refusal after it is no loss, until the user is named again', (t) => {
  const h = new HistoryBuilder();
  for (let vu = 1; vu <= 4; vu++) {
    login(h, vu, vu, `s${vu}`);
    whoami(h, vu, 20 + vu, `s${vu}`);
  }
  // A node stopping mid-request: it may have destroyed the session before the connection was cut.
  failedLogout(h, 1, 50, 's1'); // no answer
  failedLogout(h, 2, 50, 's2', 502); // the balancer lost the node mid-request
  failedLogout(h, 3, 50, 's3', 504);
  failedLogout(h, 4, 50, 's4', 502);
  h.fault('restart-app-1', 'stop', 40, 300, { target: 'app' });
  whoami(h, 1, 100, 's1', null);
  whoami(h, 2, 100, 's2', null);
  // VU 3's session outlived its logout (the user is named), so a later refusal is a loss again.
  whoami(h, 3, 100, 's3');
  whoami(h, 3, 200, 's3', null);
  // A public page answering 200 says nothing of the session: VU 4's refusal is still no loss.
  h.step(4, 'visit', 100, 105, { session: 's4' }, { status: 200, session: 's4', node: 'app-2' });
  whoami(h, 4, 200, 's4', null);
  const findings = runChecker(lostSessionChecker, h.ops);
  t.deepEqual(
    findings.map((f) => [f.kind, f.count, f.users, f.fault]),
    [['lost-session', 1, [3], 'restart-app-1']],
  );
});

/** A login of VU `vu` whose `POST /login` answered `first` (setting `after`), and whose landing page answered 500. */
function loginCutOff(
  h: HistoryBuilder,
  vu: number,
  t: number,
  before: string | undefined,
  first: { status: number; location: string; after?: string },
): void {
  h.step(
    vu,
    'login',
    t,
    t + 10,
    { user: `user-${vu}`, ...(before ? { session: before } : {}) },
    {
      status: 500,
      ...((first.after ?? before) ? { session: first.after ?? before } : {}),
      hops: [
        {
          method: 'POST',
          url: '/login',
          status: first.status,
          location: first.location,
          sent: before ? [{ name: 'sid', hash: before }] : [],
          set: first.after ? [{ name: 'sid', hash: first.after }] : [],
          node: 'app-1',
        },
        { method: 'GET', url: first.location, status: 500, sent: [], set: [], node: 'app-1' },
      ],
    },
  );
}

test('a login whose own request went through (303 with a new session) though its landing page failed made a session: its loss is flagged', (t) => {
  const h = new HistoryBuilder();
  loginCutOff(h, 1, 0, undefined, { status: 303, location: '/', after: 's1' });
  t.is(h.ops.at(-1)!.type, 'info');
  h.fault('store-wiped', 'kill', 50, 100, { target: 'redis-primary' });
  whoami(h, 1, 200, 's1', null);
  // Near misses, refused just the same, and not flagged: a login POST answered 500 (nothing made),
  // one sent back to the login page with a new cookie (a failed login's anonymous session), and a
  // 303 that set no new session.
  loginCutOff(h, 2, 0, undefined, { status: 500, location: '/' });
  whoami(h, 2, 200, 'x', null);
  loginCutOff(h, 3, 0, 'a3', { status: 303, location: '/login', after: 's3' });
  whoami(h, 3, 200, 's3', null);
  loginCutOff(h, 4, 0, 'a4', { status: 303, location: '/' });
  whoami(h, 4, 200, 'a4', null);
  const findings = runChecker(lostSessionChecker, h.ops);
  t.deepEqual(
    findings.map((f) => [f.kind, f.count, f.users, f.fault]),
    [['lost-session', 1, [1], 'store-wiped']],
  );
});

test('a logout that answers 500 and then the cookie still works: no finding from any checker', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  h.step(1, 'write', 20, 25, { session: 's1', value: 1 }, { status: 200, value: 1, session: 's1' });
  failedLogout(h, 1, 50, 's1', 500);
  whoami(h, 1, 2_000, 's1'); // past the logout grace: still accepted, rightly
  h.step(1, 'read', 2_010, 2_015, { session: 's1' }, { status: 200, value: 1, session: 's1' });
  logout(h, 1, 2_100, 's1');
  t.deepEqual(checkHistory(h.ops).findings, []);
});

test('a logout answered 303 whose login page then failed did log out: the refusals after it are no loss', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  h.step(
    1,
    'logout',
    50,
    60,
    { session: 's1' },
    {
      status: 500,
      hops: [
        {
          method: 'POST',
          url: '/logout',
          status: 303,
          location: '/login',
          sent: [{ name: 'sid', hash: 's1' }],
          set: [{ name: 'sid', hash: '', cleared: true }],
          node: 'app-1',
        },
        { method: 'GET', url: '/login', status: 500, sent: [], set: [], node: 'app-2' },
      ],
    },
  );
  t.is(h.ops.at(-1)!.type, 'info');
  whoami(h, 1, 100, 's1', null);
  t.deepEqual(runChecker(lostSessionChecker, h.ops), []);
});
