import test from 'ava';
import { analyzeRun } from '../../src/gate/analyze-run.ts';
import { DEFAULT_THRESHOLDS } from '../../src/gate/threshold.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import { login, whoami } from '../checkers/journey.ts';

const USERS = 10;

/** A login refused with `status` (a CSRF-protected form answering 403, say). */
function refusedLogin(h: HistoryBuilder, vu: number, t: number, status = 403): void {
  h.step(vu, 'login', t, t + 5, { user: `user-${vu}` }, { status, user: `user-${vu}` });
}

/** Every user logs in and is recognised by whoami, from `t` on. */
function goodJourneys(h: HistoryBuilder, vus: Iterable<number>, t = 0): void {
  for (const vu of vus) {
    login(h, vu, t + vu, `s${vu}`);
    whoami(h, vu, t + 100 + vu, `s${vu}`);
  }
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

test('every login refused with 403: unknown, with the users, the logins, the status and the fix', (t) => {
  const h = new HistoryBuilder();
  for (let round = 0; round < 3; round++)
    for (const vu of range(1, USERS)) refusedLogin(h, vu, round * 100 + vu);
  const a = analyzeRun(h.ops);
  t.is(a.gate.verdict, 'unknown');
  t.false(a.coverage.sufficient);
  t.deepEqual(a.coverage.users, { total: 10, triedLogin: 10, loggedIn: 0 });
  t.deepEqual(a.coverage.roles.login, { attempts: 30, ok: 0 });
  t.is(a.coverage.diagnosis, '0 of 10 users ever logged in: 30 logins, all refused (403)');
  t.regex(
    a.gate.reason!,
    /^0 of 10 users ever logged in: 30 logins, all refused \(403\)\. Fix: run `sessionchaos journey <scenario>`/,
  );
  // The checkers that need a session had nothing to judge: shown so, never passed.
  const lost = a.gate.gates.find((g) => g.name === 'lost-session count')!;
  t.is(lost.passed, null);
  t.is(lost.reason, 'nothing to judge: no successful login');
});

test('logins answered by nothing: the diagnosis says unanswered', (t) => {
  const h = new HistoryBuilder();
  h.step(1, 'visit', 0, 5, {}, { status: 200 });
  h.step(1, 'login', 10, 5_010, { user: 'user-1' }, { error: 'timeout', user: 'user-1' });
  const a = analyzeRun(h.ops);
  t.is(a.gate.verdict, 'unknown');
  t.is(a.coverage.diagnosis, '0 of 1 user ever logged in: 1 login, all unanswered');
});

test('logins answered 200 but ending on the login page: the diagnosis says so', (t) => {
  const h = new HistoryBuilder();
  for (const vu of range(1, 3))
    h.step(vu, 'login', vu, vu + 5, { user: `user-${vu}` }, { status: 200, user: `user-${vu}` }, 'fail');
  t.is(
    analyzeRun(h.ops).coverage.diagnosis,
    '0 of 3 users ever logged in: 3 logins, all failed (200 on the login page)',
  );
});

test('logins and whoami fine: pass, with the coverage counted per step', (t) => {
  const h = new HistoryBuilder();
  goodJourneys(h, range(1, USERS));
  const a = analyzeRun(h.ops);
  t.is(a.gate.verdict, 'pass');
  t.true(a.coverage.sufficient);
  t.is(a.coverage.diagnosis, undefined);
  t.deepEqual(a.coverage.users, { total: 10, triedLogin: 10, loggedIn: 10 });
  t.deepEqual(a.coverage.roles.login, { attempts: 10, ok: 10 });
  t.deepEqual(a.coverage.roles.whoami, { attempts: 10, ok: 10 });
  t.deepEqual(a.coverage.roles.read, { attempts: 0, ok: 0 });
});

test('half the users never logged in: unknown below the default share, pass when the scenario allows it', (t) => {
  const h = new HistoryBuilder();
  goodJourneys(h, range(1, 5));
  for (const vu of range(6, 10)) refusedLogin(h, vu, 200 + vu, 403);
  refusedLogin(h, 6, 300, 429);
  const a = analyzeRun(h.ops);
  t.is(a.gate.verdict, 'unknown');
  t.is(
    a.coverage.diagnosis,
    '5 of 10 users ever logged in (50% of the 10 that tried, below check.minLoggedIn 90%): ' +
      '11 logins, 5 succeeded; commonest failure of 6: refused (403) x5',
  );
  // Near miss: the scenario says half is enough.
  t.is(analyzeRun(h.ops, DEFAULT_THRESHOLDS, { minLoggedIn: 0.5 }).gate.verdict, 'pass');
});

test('a user still logging in when the run ended does not count against the share', (t) => {
  const h = new HistoryBuilder();
  goodJourneys(h, range(1, USERS));
  h.step(11, 'visit', 500, 505, {}, { status: 200 });
  h.invoke(11, 'login', 510, { user: 'user-11' }); // never completed
  const a = analyzeRun(h.ops);
  t.deepEqual(a.coverage.users, { total: 11, triedLogin: 10, loggedIn: 10 });
  t.is(a.gate.verdict, 'pass');
});

test('logins refused only during a fault: not unknown for that reason', (t) => {
  const h = new HistoryBuilder();
  goodJourneys(h, range(1, USERS));
  h.fault('kill', 'kill', 1_000, 2_000);
  for (const vu of range(1, USERS)) refusedLogin(h, vu, 1_200 + vu, 503);
  goodJourneys(h, range(1, USERS), 5_000);
  const a = analyzeRun(h.ops, DEFAULT_THRESHOLDS, { afterFaultMs: 1_000 });
  t.true(a.coverage.sufficient);
  t.deepEqual(a.coverage.steadyLogins, { attempts: 20, ok: 20 });
  t.not(a.gate.verdict, 'unknown');
});

test('logins that succeed only during a fault, and fail in steady state: unknown', (t) => {
  const h = new HistoryBuilder();
  for (const vu of range(1, USERS)) refusedLogin(h, vu, vu);
  h.fault('failover', 'failover', 1_000, 2_000);
  goodJourneys(h, range(1, USERS), 1_100);
  for (const vu of range(1, USERS)) refusedLogin(h, vu, 5_000 + vu);
  const a = analyzeRun(h.ops, DEFAULT_THRESHOLDS, { afterFaultMs: 1_000 });
  t.is(a.gate.verdict, 'unknown');
  t.regex(a.coverage.diagnosis!, /^no login succeeded outside fault windows: 20 tried in steady state/);
});

test('a target answering 200 "ok" to everything: logins "succeed", whoami never names the user: unknown', (t) => {
  const h = new HistoryBuilder();
  for (const vu of range(1, USERS)) {
    h.step(vu, 'login', vu, vu + 5, { user: `user-${vu}` }, { status: 200, user: `user-${vu}` });
    h.step(vu, 'whoami', 100 + vu, 105 + vu, {}, { status: 200 });
  }
  const a = analyzeRun(h.ops);
  t.is(a.gate.verdict, 'unknown');
  t.deepEqual(a.coverage.roles.whoami, { attempts: 10, ok: 0 });
  t.regex(a.coverage.diagnosis!, /^whoami never confirmed the logged-in user's identity: 10 whoami requests/);
});

test("a whoami naming someone else is no confirmation of the user's identity", (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  whoami(h, 1, 50, 's1', 'user-2');
  t.deepEqual(analyzeRun(h.ops).coverage.roles.whoami, { attempts: 1, ok: 0 });
});

test("the probes' logins are not the load's coverage", (t) => {
  const h = new HistoryBuilder();
  refusedLogin(h, 1, 0);
  h.step(
    99,
    'login',
    10,
    20,
    { user: 'user-99', probe: 'pre-login-session' },
    { status: 200, probe: 'pre-login-session' },
  );
  const a = analyzeRun(h.ops);
  t.deepEqual(a.coverage.users, { total: 1, triedLogin: 1, loggedIn: 0 });
  t.deepEqual(a.coverage.roles.login, { attempts: 1, ok: 0 });
  t.is(a.gate.verdict, 'unknown');
});

test('a stale-read gate with no reads is not judged: unknown when the scenario wrote it, left out when it is a default', (t) => {
  const h = new HistoryBuilder();
  goodJourneys(h, range(1, USERS));
  const written = analyzeRun(h.ops, [
    { metric: 'finding', kind: 'lost-session', maxCount: 0 },
    { metric: 'finding', kind: 'stale-read', maxCount: 0 },
  ]);
  t.is(written.gate.verdict, 'unknown');
  const stale = written.gate.gates.find((g) => g.name === 'stale-read count')!;
  t.deepEqual(
    {
      passed: stale.passed,
      verdict: stale.verdict,
      reason: stale.reason,
      nothingToJudge: stale.nothingToJudge,
    },
    {
      passed: null,
      verdict: 'unknown',
      reason: 'nothing to judge: no successful read',
      nothingToJudge: true,
    },
  );
  const defaults = analyzeRun(h.ops);
  t.is(defaults.gate.verdict, 'pass');
  const notJudged = defaults.gate.gates.filter((g) => g.nothingToJudge).map((g) => g.name);
  t.deepEqual(notJudged, [
    'stale-read count',
    'lost-update count',
    'logout-not-propagated count',
    'hotspot count',
  ]);
});

test('a read after a write gives stale-read and lost-update something to judge', (t) => {
  const h = new HistoryBuilder();
  goodJourneys(h, range(1, USERS));
  h.step(1, 'write', 300, 310, { session: 's1', value: 1 }, { status: 200, session: 's1', value: 1 });
  h.step(1, 'read', 320, 330, { session: 's1' }, { status: 200, session: 's1', value: 1 });
  const a = analyzeRun(h.ops);
  t.is(a.coverage.nothingToJudge['stale-read'], undefined);
  t.is(a.coverage.nothingToJudge['lost-update'], undefined);
  t.is(a.gate.verdict, 'pass');
});

test('only gates with nothing to judge: unknown, even when coverage is sufficient', (t) => {
  const h = new HistoryBuilder();
  goodJourneys(h, range(1, USERS));
  const a = analyzeRun(h.ops, [
    { metric: 'finding', kind: 'logout-not-propagated', maxCount: 0, implicit: true },
  ]);
  t.is(a.gate.verdict, 'unknown');
  t.regex(a.gate.reason!, /no gate had anything to judge/);
});

test('a finding fails the run even when the coverage is not sufficient: it is evidence', (t) => {
  const h = new HistoryBuilder();
  refusedLogin(h, 1, 0);
  // No login succeeded, yet a response named another user: a leak, whatever else.
  h.step(1, 'whoami', 10, 15, { user: 'user-1' }, { status: 200, identity: 'user-2', user: 'user-1' });
  const a = analyzeRun(h.ops);
  t.is(a.coverage.nothingToJudge['cross-user-leak'], 'no successful login');
  t.false(a.coverage.sufficient);
  t.is(a.gate.verdict, 'fail');
  t.is(a.gate.gates.find((g) => g.name === 'cross-user-leak count')!.passed, false);
});

test('a login succeeds on evidence: one whose whoami then answers anonymous (a form shown again in place) is a failed login', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  whoami(h, 1, 20, 's1'); // named: a login
  login(h, 2, 0, 's2');
  h.step(2, 'whoami', 20, 25, { session: 's2' }, { status: 200, identity: null, session: 's2' }); // the form again
  login(h, 3, 0, 's3');
  h.step(3, 'whoami', 20, 25, { session: 's3' }, { status: 503, session: 's3' }); // no evidence yet...
  whoami(h, 3, 40, 's3'); // ...then named
  const c = analyzeRun(h.ops).coverage;
  t.deepEqual(c.roles.login, { attempts: 3, ok: 2 });
  t.deepEqual(c.users, { total: 3, triedLogin: 3, loggedIn: 2 });
  t.deepEqual(c.loginRefusal, { outcome: '200, then whoami not naming the user', count: 1 });
});
