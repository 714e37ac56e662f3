import test from 'ava';
import { checkHistory } from '../../src/checkers/check-history.ts';
import type { CheckerFactory } from '../../src/checkers/checker.ts';
import { ALL_CHECKERS } from '../../src/checkers/all-checkers.ts';
import { analyzeRun } from '../../src/gate/analyze-run.ts';
import { evaluateGate } from '../../src/gate/evaluate-gate.ts';
import type { Threshold } from '../../src/gate/threshold.ts';
import { combineVerdicts, DEFAULT_THRESHOLDS } from '../../src/gate/threshold.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import type { Op } from '../../src/history/op.ts';
import { RunMetrics } from '../../src/metrics/run-metrics.ts';
import { loggedIn, login, refusedTwice, whoami } from '../checkers/journey.ts';

function run(
  ops: Op[],
  thresholds: readonly Threshold[],
  factories: readonly CheckerFactory[] = ALL_CHECKERS,
) {
  const metrics = new RunMetrics(1_000);
  for (const op of ops) metrics.feed(op);
  return evaluateGate(thresholds, checkHistory(ops, { afterFaultMs: 1_000 }, factories), metrics);
}

/** Two VUs seen logged in: VU 1 loses its session during the fault (refused twice), VU 2 is slow after it. */
function faulty(): Op[] {
  const h = new HistoryBuilder();
  loggedIn(h, 1, 0, 's1');
  loggedIn(h, 2, 0, 's2');
  h.fault('kill', 'kill', 100, 200);
  refusedTwice(h, 1, 150, 's1');
  h.step(2, 'whoami', 600, 900, { session: 's2' }, { status: 200, identity: 'user-2' });
  whoami(h, 2, 5_000, 's2');
  return h.ops;
}

test('the error rate counts 5xx and unanswered requests, not refusals', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  whoami(h, 1, 10, 's1', null); // 401: a lost session, not an error
  h.step(1, 'whoami', 20, 30, { session: 's1' }, { status: 503 });
  h.step(1, 'read', 40, 50, { session: 's1' }, { error: 'ETIMEDOUT' });
  const report = run(h.ops, [{ metric: 'error-rate', max: 0.25 }]);
  t.deepEqual(
    report.gates.map((g) => [g.observed, g.verdict]),
    [[0.5, 'fail']],
  );
});

test('verdicts combine as fail > unknown > pass', (t) => {
  t.is(combineVerdicts([]), 'pass');
  t.is(combineVerdicts(['pass', 'pass']), 'pass');
  t.is(combineVerdicts(['pass', 'unknown']), 'unknown');
  t.is(combineVerdicts(['unknown', 'fail', 'pass']), 'fail');
});

test('finding counts and rates, scoped to the fault windows', (t) => {
  const report = run(faulty(), [
    { metric: 'finding', kind: 'lost-session', maxCount: 0, scope: 'steady' },
    { metric: 'finding', kind: 'lost-session', maxCount: 0, scope: 'during-fault' },
    { metric: 'finding', kind: 'lost-session', maxRate: 0.5 },
  ]);
  t.deepEqual(
    report.gates.map((g) => [g.name, g.threshold, g.observed, g.passed, g.verdict]),
    [
      ['lost-session count (steady)', '<= 0', 0, true, 'pass'],
      ['lost-session count (during-fault)', '<= 0', 1, false, 'fail'],
      ['lost-session rate', '<= 0.5 per request', 0.125, true, 'pass'],
    ],
  );
  t.is(report.verdict, 'fail');
});

test('latency percentiles and error rate per scope; an empty scope is unknown', (t) => {
  const report = run(faulty(), [
    { metric: 'latency', percentile: 99, maxMs: 100, scope: 'after-fault' },
    { metric: 'latency', percentile: 50, maxMs: 100, scope: 'steady' },
    { metric: 'error-rate', max: 0 },
  ]);
  t.deepEqual(
    report.gates.map((g) => [g.name, g.observed, g.verdict]),
    [
      ['p99 latency (after-fault)', 300.031, 'fail'],
      ['p50 latency (steady)', 5.003, 'pass'],
      ['error rate', 0, 'pass'],
    ],
  );
  const h = new HistoryBuilder();
  whoami(h, 1, 0, 's1');
  const empty = run(h.ops, [{ metric: 'latency', percentile: 99, maxMs: 100, scope: 'during-fault' }]);
  t.is(empty.verdict, 'unknown');
  t.regex(empty.gates[0]!.reason!, /no requests completed in scope during-fault/);
});

test('a checker that throws makes its gate unknown, not pass', (t) => {
  const throwing: CheckerFactory = () => ({
    kinds: ['hotspot'],
    feed() {
      throw new Error('bad state');
    },
    finish: () => [],
  });
  const report = run(faulty(), [{ metric: 'finding', kind: 'hotspot', maxCount: 0 }], [throwing]);
  t.is(report.verdict, 'unknown');
  t.is(report.gates[0]!.passed, null);
  t.regex(report.gates[0]!.reason!, /the hotspot checker failed: bad state/);
  // Without a threshold on its kind, it still gets a gate of its own.
  const unjudged = run(faulty(), [{ metric: 'error-rate', max: 1 }], [throwing]);
  t.is(unjudged.verdict, 'unknown');
  t.deepEqual(
    unjudged.gates.map((g) => [g.name, g.verdict]),
    [
      ['error rate', 'pass'],
      ['hotspot checker', 'unknown'],
    ],
  );
});

test('a target that never answered gives unknown, whatever the thresholds', (t) => {
  const h = new HistoryBuilder();
  for (let vu = 1; vu <= 3; vu++) h.step(vu, 'visit', 0, 5_000, {}, { error: 'ECONNREFUSED' }, 'fail');
  const report = run(h.ops, DEFAULT_THRESHOLDS);
  t.is(report.verdict, 'unknown');
  t.regex(report.reason!, /never answered/);
  t.is(report.gates.length, DEFAULT_THRESHOLDS.length);
});

test('a clean run passes the default gate', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  whoami(h, 1, 50, 's1');
  const report = run(h.ops, DEFAULT_THRESHOLDS);
  t.is(report.verdict, 'pass');
  t.true(report.gates.every((g) => g.passed === true));
});

test('analyzeRun: findings, summary, users and the gate from one pass', (t) => {
  const analysis = analyzeRun(faulty(), [{ metric: 'finding', kind: 'lost-session', maxCount: 0 }], {
    afterFaultMs: 1_000,
  });
  t.deepEqual(analysis.users, { total: 2, withLostSession: 1 });
  t.is(analysis.requests.total, 8);
  t.deepEqual(analysis.requests.byStatus, { '200': 6, '401': 2 });
  t.is(analysis.gate.verdict, 'fail');
  t.deepEqual(
    analysis.check.faults.map((f) => f.id),
    ['kill'],
  );
  t.is(analysis.series.length, 6);
});

test("analyzeRun: the probes' own VUs are not counted as users, even when their session is lost", (t) => {
  const h = new HistoryBuilder();
  loggedIn(h, 1, 0, 's1');
  h.step(
    9,
    'login',
    0,
    5,
    { probe: 'replay-after-logout' },
    { status: 200, session: 's9', probe: 'replay-after-logout' },
  );
  h.fault('kill', 'kill', 100, 200);
  refusedTwice(h, 1, 150, 's1');
  h.step(
    9,
    'whoami',
    150,
    155,
    { session: 's9', probe: 'replay-after-logout' },
    { status: 401, identity: null, session: 's9', probe: 'replay-after-logout' },
  );
  const analysis = analyzeRun(h.ops, DEFAULT_THRESHOLDS, { afterFaultMs: 1_000 });
  t.deepEqual(analysis.users, { total: 1, withLostSession: 1 });
});

test('analyzeRun: users with a lost session are exact past the sample size and distinct across fault windows', (t) => {
  // 25 users lose their session during fault a (the finding's sample holds 10 of them);
  // users 1 to 5 lose the new one again during fault b; users 26 to 30 lose nothing.
  const h = new HistoryBuilder();
  for (let vu = 1; vu <= 30; vu++) loggedIn(h, vu, 0, `s${vu}`);
  h.fault('a', 'kill', 100, 200);
  for (let vu = 1; vu <= 25; vu++) refusedTwice(h, vu, 150, `s${vu}`);
  for (let vu = 1; vu <= 5; vu++) loggedIn(h, vu, 3_000, `t${vu}`);
  h.fault('b', 'kill', 4_000, 4_100);
  for (let vu = 1; vu <= 5; vu++) refusedTwice(h, vu, 4_050, `t${vu}`);
  for (let vu = 26; vu <= 30; vu++) whoami(h, vu, 4_050, `s${vu}`);
  const analysis = analyzeRun(h.ops, DEFAULT_THRESHOLDS, { afterFaultMs: 1_000 });
  const lost = analysis.check.findings.filter((f) => f.kind === 'lost-session');
  t.deepEqual(
    lost.map((f) => [f.fault, f.affectedUsers, f.users.length]),
    [
      ['a', 25, 10],
      ['b', 5, 5],
    ],
  );
  t.deepEqual(analysis.users, { total: 30, withLostSession: 25 });
});
