import test from 'ava';
import { buildSummary } from '../src/index.ts';
import { fixtureHistory, fixtureInput, refusedLoginsInput } from './run-fixture.ts';

// summary.json's contract (ARCHITECTURE.md): these keys must always be there.
const TOP = ['scenario', 'seed', 'verdict', 'startedAt', 'durationMs', 'requests', 'latencyMs', 'users'];
const LISTS = ['findings', 'faults', 'gates'];
const FINDING = ['kind', 'count', 'firstAtMs', 'users', 'fault', 'detail'];
const FAULT = ['id', 'action', 'target', 'startedAtMs', 'endedAtMs', 'healed'];
const GATE = ['name', 'threshold', 'observed', 'passed'];

const hasKeys = (value: object, keys: string[]): string[] => keys.filter((k) => !(k in value));

test('summary.json has every contract key, at every level', (t) => {
  const s = buildSummary(fixtureInput());
  t.deepEqual(hasKeys(s, [...TOP, ...LISTS]), []);
  t.deepEqual(hasKeys(s.requests, ['total', 'byStatus', 'rps']), []);
  t.deepEqual(hasKeys(s.latencyMs, ['p50', 'p90', 'p99', 'max']), []);
  t.deepEqual(hasKeys(s.users, ['total', 'withLostSession']), []);
  t.true(s.findings.length > 0 && s.faults.length > 0 && s.gates.length > 0);
  for (const f of s.findings) t.deepEqual(hasKeys(f, FINDING), []);
  for (const f of s.faults) t.deepEqual(hasKeys(f, FAULT), []);
  for (const g of s.gates) t.deepEqual(hasKeys(g, GATE), []);
  // It is plain JSON: nothing is lost on the way through a file.
  t.deepEqual(JSON.parse(JSON.stringify(s)), s);
});

test('summary.json counts the run: requests, users, the lost sessions and the fault they fell in', (t) => {
  const s = buildSummary(fixtureInput());
  t.is(s.scenario, 'sticky-busiest-killed');
  t.is(s.seed, 42);
  t.is(s.verdict, 'fail');
  t.is(s.startedAt, '2025-01-02T03:04:05.000Z');
  t.is(s.durationMs, 20_000);
  t.deepEqual(s.requests, { total: 490, byStatus: { '200': 485, '401': 4, '502': 1 }, rps: 24.5 });
  t.deepEqual(s.latencyMs, { p50: 5, p90: 5, p99: 12, max: 12 });
  t.deepEqual(s.users, { total: 6, withLostSession: 2 });
  const lost = s.findings.find((f) => f.kind === 'lost-session');
  t.like(lost, {
    count: 2,
    firstAtMs: 8107,
    lastAtMs: 8110,
    users: 2,
    userSample: [2, 5],
    fault: 'kill-busiest#1',
    severity: 'major',
    phases: { during: 2, after: 0, steady: 0 },
  });
  t.regex(lost!.detail, /2 logged-in users lost their session during fault kill-busiest#1/);
  // Its evidence: the two 401 answers, one per user, by their index in the history.
  const history = fixtureHistory();
  t.is(lost!.examples.length, 2);
  t.deepEqual(
    lost!.examples.map((i) => {
      const op = history[i]!;
      return 'step' in op ? [op.index, op.process, op.step, op.status] : [];
    }),
    lost!.examples.map((i, k) => [i, [2, 5][k], 'whoami', 401]),
  );
  t.deepEqual(s.faults, [
    {
      id: 'kill-busiest#1',
      action: 'kill',
      target: 'app',
      startedAtMs: 8000,
      endedAtMs: 12050,
      healed: true,
      victims: ['app-2'],
      badOps: 5,
      toFirstBadMs: 102, // sent at 8102, answered at 8107: the fault reached it when it was sent
      toLastBadMs: 358, // the 502 at 8.35 s (a spike noted after the fact no longer moves it back)
      recoveryMs: 1107,
      recovered: true,
    },
  ]);
});

test('summary.json gates: each threshold judged, with the run verdict and the expectation met', (t) => {
  const s = buildSummary(fixtureInput());
  t.deepEqual(
    s.gates.map((g) => [g.name, g.threshold, g.observed, g.passed]),
    [
      ['lost-session count', '<= 0', 2, false],
      ['p99 latency', '<= 800 ms', 12.007, true],
      ['error rate (steady)', '<= 0.02', 0, true],
    ],
  );
  t.deepEqual(s.expect, { verdict: 'fail', findings: ['lost-session'], met: true });
  t.deepEqual(s.target, { url: 'http://127.0.0.1:8080', strategy: 'sticky' });
  t.is(s.verdictReason, undefined);
  t.deepEqual(s.history, { ops: 984, pending: 0 });
});

test('summary.json says when a run did not do what its scenario expects', (t) => {
  const input = fixtureInput();
  input.expect = { verdict: 'pass' };
  t.false(buildSummary(input).expect!.met);
  input.expect = { findings: ['stale-read'] };
  t.false(buildSummary(input).expect!.met);
  delete input.expect;
  t.false('expect' in buildSummary(input));
});

test('summary.json coverage: users logged in and each step, sufficient on a working journey', (t) => {
  const s = buildSummary(fixtureInput());
  t.deepEqual(s.coverage, {
    users: { total: 6, loggedIn: 6, triedLogin: 6 },
    roles: {
      login: { attempts: 8, ok: 8 },
      whoami: { attempts: 482, ok: 477 },
      write: { attempts: 0, ok: 0 },
      read: { attempts: 0, ok: 0 },
      logout: { attempts: 0, ok: 0 },
    },
    faults: { planned: 1, effective: 1, failed: 0, failures: [] },
    sufficient: true,
  });
});

test('summary.json for a run where every login was refused: unknown, the diagnosis and the fix', (t) => {
  const s = buildSummary(refusedLoginsInput());
  t.is(s.verdict, 'unknown');
  t.false(s.coverage.sufficient);
  t.deepEqual(s.coverage.users, { total: 5, loggedIn: 0, triedLogin: 5 });
  t.is(s.coverage.diagnosis, '0 of 5 users ever logged in: 20 logins, all refused (403)');
  t.regex(s.coverage.fix!, /sessionchaos journey/);
  t.regex(s.verdictReason!, /^0 of 5 users ever logged in/);
  const lost = s.gates.find((g) => g.name === 'lost-session count')!;
  t.deepEqual(
    [lost.passed, lost.nothingToJudge, lost.reason],
    [null, true, 'nothing to judge: no successful login'],
  );
});
