import test from 'ava';
import { analyzeRun } from '../../src/gate/analyze-run.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import { login, whoami } from '../checkers/journey.ts';

// A login of two steps (the login page, then its form): the traffic records the first as a
// `visit`, and when it fails, names the role it ended (`role: 'login'`).

/** The first step of a login looping between two pages. */
function loopingLoginPage(h: HistoryBuilder, vu: number, t: number): void {
  h.step(
    vu,
    'visit',
    t,
    t + 30,
    { user: `user-${vu}`, method: 'GET', url: '/sso/start' },
    { status: 302, redirectLoop: 'repeat', user: `user-${vu}`, role: 'login' },
  );
}

test('each failed first step of a multi-step login is a failed login attempt', (t) => {
  const h = new HistoryBuilder();
  for (let vu = 1; vu <= 3; vu++) {
    loopingLoginPage(h, vu, vu * 1_000);
    loopingLoginPage(h, vu, vu * 1_000 + 100);
    login(h, vu, vu * 1_000 + 200, `s${vu}`);
    whoami(h, vu, vu * 1_000 + 300, `s${vu}`);
  }
  const a = analyzeRun(h.ops);
  t.deepEqual(a.coverage.roles.login, { attempts: 9, ok: 3 });
  t.deepEqual(a.coverage.users, { total: 3, triedLogin: 3, loggedIn: 3 });
  t.deepEqual(a.coverage.loginRefusal, { outcome: 'redirect loop', count: 6 });
});

test('a login that never got past its looping first step: no login, and the diagnosis says why', (t) => {
  const h = new HistoryBuilder();
  for (let vu = 1; vu <= 3; vu++) loopingLoginPage(h, vu, vu * 1_000);
  const a = analyzeRun(h.ops);
  t.deepEqual(a.coverage.roles.login, { attempts: 3, ok: 0 });
  t.is(a.coverage.diagnosis, '0 of 3 users ever logged in: 3 logins, all failed (redirect loop)');
  t.is(a.gate.verdict, 'unknown');
});

test('a failed first step of a multi-step logout is a failed logout attempt', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  whoami(h, 1, 20, 's1');
  h.step(
    1,
    'visit',
    40,
    45,
    { session: 's1', url: '/account' },
    { status: 500, session: 's1', role: 'logout' },
  );
  t.deepEqual(analyzeRun(h.ops).coverage.roles.logout, { attempts: 1, ok: 0 });
});

test('near-miss: a plain visit failing, or a step of a role that went through, is no login attempt', (t) => {
  const h = new HistoryBuilder();
  // The journey's own visit (no role) answered 500.
  h.step(1, 'visit', 0, 5, { user: 'user-1', url: '/' }, { status: 500, user: 'user-1' });
  // A login page that answered (the traffic names no role on it; a role on an ok op counts nothing).
  h.step(
    1,
    'visit',
    10,
    15,
    { user: 'user-1', url: '/login' },
    { status: 200, user: 'user-1', role: 'login' },
  );
  login(h, 1, 20, 's1');
  whoami(h, 1, 40, 's1');
  const a = analyzeRun(h.ops);
  t.deepEqual(a.coverage.roles.login, { attempts: 1, ok: 1 });
  t.is(a.coverage.loginRefusal, null);
});
