import test from 'ava';
import { checkHistory, HistoryChecker } from '../../src/checkers/check-history.ts';
import type { CheckerFactory } from '../../src/checkers/checker.ts';
import { lostSessionChecker } from '../../src/checkers/lost-session.ts';
import { ALL_CHECKERS } from '../../src/checkers/all-checkers.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import { loggedIn, login, refusedTwice, whoami } from './journey.ts';

const throwing: CheckerFactory = () => ({
  kinds: ['hotspot'],
  feed() {
    throw new Error('boom');
  },
  finish: () => [],
});

test('a checker that throws is reported and the others carry on', (t) => {
  const h = new HistoryBuilder();
  loggedIn(h, 1, 0, 's1');
  refusedTwice(h, 1, 50, 's1');
  const result = checkHistory(h.ops, {}, [throwing, lostSessionChecker]);
  t.deepEqual(result.failures, [{ kinds: ['hotspot'], message: 'boom' }]);
  t.deepEqual(
    result.findings.map((f) => f.kind),
    ['lost-session'],
  );
});

test('fault windows and the recovery record of each fault', (t) => {
  const h = new HistoryBuilder();
  h.faultInvoke('kill-1', 'kill', 1000, { target: 'app' });
  h.faultDone('kill-1', 'kill', 1010, { victims: ['app-1'] });
  h.fault('calm', 'latency', 20_000, 21_000);
  for (let vu = 1; vu <= 3; vu++) loggedIn(h, vu, 0, `s${vu}`);
  // First bad op, sent 500 ms in (answered 505 ms in), judged once its re-check is refused too.
  refusedTwice(h, 1, 1500, 's1');
  h.step(2, 'whoami', 2000, 2100, { session: 's2' }, { error: 'ECONNRESET' }, 'info');
  whoami(h, 3, 2500, 's3'); // good again
  h.faultInvoke('kill-1', 'heal', 3000);
  h.faultDone('kill-1', 'heal', 3050);
  whoami(h, 3, 30_000, 's3');
  const result = checkHistory(h.ops);
  t.deepEqual(result.faults[0], {
    id: 'kill-1',
    action: 'kill',
    target: 'app',
    victims: ['app-1'],
    startedAtMs: 1000,
    endedAtMs: 3050,
    healed: true,
  });
  t.deepEqual(result.recoveries, [
    {
      fault: 'kill-1',
      startedAtMs: 1000,
      endedAtMs: 3050,
      badOps: 2,
      toFirstBadMs: 500,
      toLastBadMs: 1100,
      toSteadyMs: 1505,
      recovered: true,
    },
    {
      fault: 'calm',
      startedAtMs: 20_000,
      endedAtMs: 21_000,
      badOps: 0,
      toFirstBadMs: null,
      toLastBadMs: null,
      toSteadyMs: null,
      recovered: true,
    },
  ]);
  t.is(result.findings[0]!.fault, 'kill-1');
});

test('the first bad op of a fault is timed from when its request was sent, not from its answer', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  login(h, 2, 0, 's2');
  h.faultInvoke('pause-1', 'pause', 1000);
  h.faultDone('pause-1', 'pause', 1001);
  // Sent 100 ms into the pause, it hangs until a timeout 5 s later.
  h.invoke(1, 'whoami', 1100, { session: 's1' });
  // A quick error, sent later but answered first: the earliest send is the first bad op.
  h.step(2, 'whoami', 3000, 3010, { session: 's2' }, { status: 503 });
  h.info(1, 'whoami', 6100, { error: 'timeout' });
  h.faultInvoke('pause-1', 'heal', 7000);
  h.faultDone('pause-1', 'heal', 7010);
  const [recovery] = checkHistory(h.ops).recoveries;
  t.deepEqual([recovery!.badOps, recovery!.toFirstBadMs, recovery!.toLastBadMs], [2, 100, 5100]);
});

test('a request sent before a fault and answered badly inside it was hurt at the fault start, not before', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  // In flight when the node is killed at 1000 ms: the reset comes back inside the window. Its send
  // time (990) is before the fault, so it is not "10 ms before the fault": it counts as hurt at 0 ms.
  h.invoke(1, 'whoami', 990, { session: 's1' });
  h.fault('kill-1', 'kill', 1000, 2000);
  h.info(1, 'whoami', 1002, { error: 'ECONNRESET' });
  const [recovery] = checkHistory(h.ops).recoveries;
  t.deepEqual([recovery!.badOps, recovery!.toFirstBadMs], [1, 0]);
});

test("a request sent and answered badly before a fault is not the fault's first bad op", (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  h.step(1, 'whoami', 900, 950, { session: 's1' }, { status: 503 });
  h.fault('kill-1', 'kill', 1000, 2000);
  h.step(1, 'whoami', 1400, 1450, { session: 's1' }, { status: 503 });
  const [recovery] = checkHistory(h.ops).recoveries;
  t.deepEqual([recovery!.badOps, recovery!.toFirstBadMs], [1, 400]);
});

test('a fault window starts when its effect was measured, not when its completion was recorded', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  h.faultInvoke('kill-1', 'kill', 1000, { target: 'app' });
  // Signal delivered 0.4 ms after the invoke; the engine was told (and the op completed) 300 ms later.
  h.step(1, 'whoami', 1100, 1105, { session: 's1' }, { status: 502 });
  h.faultDone('kill-1', 'kill', 1300, { victims: ['app-1'], effectAt: 1000.4 });
  h.faultInvoke('kill-1', 'heal', 2000);
  h.faultDone('kill-1', 'heal', 2010);
  // A failed kill with a stray effectAt earlier than the invoke does not move the window back.
  h.faultInvoke('kill-2', 'kill', 3000);
  h.faultDone('kill-2', 'kill', 3010, { effectAt: 2990 }, 'fail');
  const result = checkHistory(h.ops);
  t.deepEqual(
    result.faults.map((f) => [f.id, f.startedAtMs]),
    [
      ['kill-1', 1000.4],
      ['kill-2', 3000],
    ],
  );
  t.is(result.recoveries[0]!.toFirstBadMs, 1100 - 1000.4);
});

test('a fault window starts at its effect when the signal landed before the invoke was recorded (armed ahead)', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  // Armed for 1000, sent then by the signal thread; the busy main thread recorded the invoke at 1400.
  h.faultInvoke('kill-1', 'kill', 1400, { target: 'app' });
  h.step(1, 'whoami', 1450, 1460, { session: 's1' }, { status: 502 });
  h.faultDone('kill-1', 'kill', 1500, { victims: ['app-1'], effectAt: 1000.2 });
  h.faultInvoke('kill-1', 'heal', 3000);
  h.faultDone('kill-1', 'heal', 3010);
  const result = checkHistory(h.ops);
  t.deepEqual(
    result.faults.map((f) => [f.id, f.startedAtMs]),
    [['kill-1', 1000.2]],
  );
  t.is(result.recoveries[0]!.toFirstBadMs, 1450 - 1000.2);
});

test('a fault that never settles is reported as not recovered', (t) => {
  const checker = new HistoryChecker();
  const h = new HistoryBuilder();
  h.faultInvoke('down', 'stop', 0);
  h.step(1, 'whoami', 10, 20, {}, { status: 503 });
  for (const op of h.ops) checker.feed(op);
  const result = checker.finish();
  t.is(result.recoveries[0]!.recovered, false);
  t.is(result.recoveries[0]!.toSteadyMs, null);
  t.is(result.faults[0]!.endedAtMs, null);
  t.is(result.answered, 1);
});

test('an unbalanced load after a fault is a hotspot, not a recovery that never came', (t) => {
  const h = new HistoryBuilder();
  for (let vu = 1; vu <= 6; vu++) login(h, vu, 0, `s${vu}`, undefined, `app-${(vu % 3) + 1}`);
  h.fault('kill-1', 'kill', 1000, 2000, { target: 'app' });
  h.step(1, 'whoami', 1100, 1110, { session: 's1' }, { status: 503 }); // the one bad op
  // After the fault every user sits on app-1 until the end (30 s of 10 s windows).
  for (let time = 2000; time < 30_000; time += 100)
    for (let vu = 1; vu <= 6; vu++) whoami(h, vu, time, `s${vu}`, `user-${vu}`, 'app-1');
  const result = checkHistory(h.ops, { nodes: 3 });
  t.true(result.findings.some((f) => f.kind === 'hotspot'));
  const [recovery] = result.recoveries;
  t.deepEqual([recovery!.badOps, recovery!.recovered, recovery!.toSteadyMs], [1, true, 1005]);
});

test('the timeline counts occurrences per second and kind, and the listener hears each as it is fed', (t) => {
  const h = new HistoryBuilder();
  loggedIn(h, 1, 0, 's1');
  loggedIn(h, 2, 0, 's2');
  loggedIn(h, 3, 0, 's3');
  h.fault('kill-app-1', 'kill', 150, 3_000, { target: 'app' });
  refusedTwice(h, 1, 1_200, 's1', 'app-2');
  refusedTwice(h, 2, 1_300, 's2', 'app-2');
  refusedTwice(h, 3, 2_500, 's3', 'app-2');
  login(h, 2, 2_600, 's2b', 's2', 'app-2'); // logged in again: the loss is final
  const heard: [string, number][] = [];
  const checker = new HistoryChecker({}, ALL_CHECKERS, (kind, time) => heard.push([kind, Math.floor(time)]));
  for (const op of h.ops) checker.feed(op);
  const result = checker.finish();
  t.deepEqual(result.timeline, [
    { second: 1, kind: 'lost-session', count: 2 },
    { second: 2, kind: 'lost-session', count: 1 },
  ]);
  t.deepEqual(
    heard.map(([kind]) => kind),
    ['lost-session', 'lost-session', 'lost-session'],
  );
});

test('a clean history has an empty timeline', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  whoami(h, 1, 100, 's1');
  t.deepEqual(checkHistory(h.ops).timeline, []);
});
