import test from 'ava';
import { runChecker } from '../../src/checkers/check-history.ts';
import { crossUserLeakChecker } from '../../src/checkers/cross-user-leak.ts';
import { logoutNotPropagatedChecker } from '../../src/checkers/logout-not-propagated.ts';
import { sessionFixationChecker } from '../../src/checkers/session-fixation.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import { login, logout, whoami } from './journey.ts';

test('session-fixation: flags a session id that survives login', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 'pre1', 'pre1');
  const findings = runChecker(sessionFixationChecker, h.ops);
  t.is(findings.length, 1);
  t.is(findings[0]!.severity, 'critical');
  t.deepEqual(findings[0]!.users, [1]);
});

test('session-fixation: ids that change at login, and failed logins, are fine', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 'post1', 'pre1');
  login(h, 2, 0, 'post2');
  h.step(3, 'login', 0, 5, { session: 'pre3' }, { status: 401, session: 'pre3', identity: null });
  t.deepEqual(runChecker(sessionFixationChecker, h.ops), []);
});

test('cross-user-leak: flags another identity, a shared session id and a cookie on a cacheable response', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  login(h, 2, 20, 's1'); // handed VU 1's session id
  login(h, 3, 40, 's3');
  whoami(h, 3, 60, 's3', 'user-7');
  h.step(
    4,
    'visit',
    80,
    85,
    { url: '/' },
    {
      status: 200,
      cacheable: true,
      hops: [{ method: 'GET', url: '/', status: 200, sent: [], set: [{ name: 'sid', hash: 'anon4' }] }],
    },
  );
  const [finding, ...rest] = runChecker(crossUserLeakChecker, h.ops);
  t.deepEqual(rest, []);
  t.is(finding!.count, 3);
  t.deepEqual(finding!.users, [2, 3, 4]);
  t.is(finding!.severity, 'critical');
  t.regex(
    finding!.detail,
    /1 named another user, 1 handed out a session id another user held, 1 set a cookie/,
  );
});

test('cross-user-leak: own identities, distinct sessions, cleared cookies on logout are fine', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  login(h, 2, 0, 's2');
  whoami(h, 1, 20, 's1');
  whoami(h, 2, 20, 's2');
  logout(h, 1, 40, 's1');
  logout(h, 2, 40, 's2');
  login(h, 1, 60, 's1b');
  t.deepEqual(runChecker(crossUserLeakChecker, h.ops), []);
});

test('logout-not-propagated: flags an old cookie still accepted after logout and grace', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  logout(h, 1, 100, 's1');
  h.step(
    1,
    'whoami',
    2_000,
    2_005,
    { session: 's1', probe: 'replay-after-logout' },
    {
      status: 200,
      identity: 'user-1',
      node: 'app-2',
      probe: 'replay-after-logout',
    },
  );
  const findings = runChecker(logoutNotPropagatedChecker, h.ops);
  t.is(findings.length, 1);
  t.is(findings[0]!.count, 1);
  t.regex(findings[0]!.detail, /by app-2\.$/);
});

test('logout-not-propagated: requests sent before the logout completed, or refused, are fine', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  // Sent at 99, before the logout (100..105) completed, answered later.
  h.invoke(1, 'whoami', 99, { session: 's1' });
  h.ok(1, 'whoami', 104, { status: 200, identity: 'user-1' });
  logout(h, 1, 100, 's1');
  whoami(h, 1, 500, 's1'); // inside the 1 s grace period
  whoami(h, 1, 2_000, 's1', null); // refused, as it should be
  t.deepEqual(runChecker(logoutNotPropagatedChecker, h.ops), []);
});

test('logout-not-propagated: the login page opened and a new login sent with the old cookie are not the old session accepted', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  logout(h, 1, 100, 's1');
  // Tomcat clears no cookie on logout: the next iteration opens the public login page, and logs in, with it.
  h.step(
    1,
    'visit',
    2_000,
    2_005,
    { session: 's1', method: 'GET', url: '/login' },
    { status: 200, node: 'app-1' },
  );
  h.step(
    1,
    'login',
    2_010,
    2_020,
    { session: 's1' },
    { status: 200, identity: 'user-1', session: 's2', node: 'app-1' },
  );
  t.deepEqual(runChecker(logoutNotPropagatedChecker, h.ops), []);
  // The near miss the other way: a whoami with the old cookie, accepted, is still a finding.
  whoami(h, 1, 3_000, 's1', 'user-1', 'app-1');
  const [finding, ...rest] = runChecker(logoutNotPropagatedChecker, h.ops);
  t.deepEqual(rest, []);
  t.deepEqual([finding!.count, finding!.firstAtMs], [1, 3_005]);
});

test('cross-user-leak: an error answer leaks as much as a 200 (another identity on a 500, an id shared on a 404)', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  h.step(1, 'whoami', 20, 25, { session: 's1' }, { status: 500, identity: 'user-7' });
  const cookie = (hash: string) => [
    { method: 'GET', url: '/missing', status: 404, sent: [], set: [{ name: 'sid', hash }] },
  ];
  h.step(2, 'request', 30, 35, { url: '/missing' }, { status: 404, hops: cookie('anon') });
  h.step(3, 'request', 40, 45, { url: '/missing' }, { status: 404, hops: cookie('anon') });
  // Near misses: a refusal that says anonymous, and a request with no answer.
  h.step(4, 'whoami', 50, 55, { session: 's4' }, { status: 401, identity: null });
  h.step(4, 'whoami', 60, 65, { session: 's4' }, { error: 'timeout' });
  const [finding, ...rest] = runChecker(crossUserLeakChecker, h.ops);
  t.deepEqual(rest, []);
  t.deepEqual([finding!.count, finding!.users], [2, [1, 3]]);
  t.regex(finding!.detail, /1 named another user, 1 handed out a session id another user held/);
});

test('logout-not-propagated: a logout that failed is not a logout; the one that succeeds after it is', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  h.step(1, 'logout', 10, 15, { session: 's1' }, { status: 500, session: 's1' });
  whoami(h, 1, 2_000, 's1'); // the session is still live: accepted, rightly
  logout(h, 1, 2_100, 's1');
  whoami(h, 1, 4_000, 's1', 'user-1', 'app-2'); // accepted after a logout that succeeded
  const [finding, ...rest] = runChecker(logoutNotPropagatedChecker, h.ops);
  t.deepEqual(rest, []);
  t.deepEqual([finding!.count, finding!.firstAtMs], [1, 4_005]);
  t.regex(finding!.detail, /by app-2\.$/);
});
