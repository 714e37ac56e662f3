import test from 'ava';
import { planSchedule, type FaultSpec } from '../../src/faults/index.ts';

const kill: FaultSpec = {
  id: 'kill-one',
  action: 'kill',
  target: { role: 'app' },
  at: 5_000,
  duration: 3_000,
};

test('a single fault occurs once, healed after its duration', (t) => {
  const plan = planSchedule([kill], 60_000);
  t.deepEqual(
    plan.map((p) => [p.key, p.startMs, p.endMs]),
    [['kill-one#1', 5_000, 8_000]],
  );
});

test('a repeated fault recurs every interval until the run ends, and its last heal is cut at the end', (t) => {
  const pause: FaultSpec = {
    id: 'p',
    action: 'pause',
    target: { role: 'app' },
    at: 1_000,
    every: 4_000,
    duration: 3_500,
  };
  t.deepEqual(
    planSchedule([pause], 10_000).map((p) => [p.key, p.startMs, p.endMs]),
    [
      ['p#1', 1_000, 4_500],
      ['p#2', 5_000, 8_500],
      ['p#3', 9_000, 10_000],
    ],
  );
});

test('times caps the repetitions, faults after the run end are dropped, and the plan is in start order', (t) => {
  const a: FaultSpec = {
    id: 'a',
    action: 'restart',
    target: { role: 'app' },
    at: 2_000,
    every: 1_000,
    times: 2,
  };
  const late: FaultSpec = { ...kill, id: 'late', at: 99_000 };
  const plan = planSchedule([late, a, kill], 30_000);
  t.deepEqual(
    plan.map((p) => p.key),
    ['a#1', 'a#2', 'kill-one#1'],
  );
});

test('a fault without a duration heals at the run end', (t) => {
  const part: FaultSpec = { id: 'cut', action: 'partition', target: { role: 'app' }, at: 1_000 };
  t.is(planSchedule([part], 20_000)[0]!.endMs, 20_000);
});
