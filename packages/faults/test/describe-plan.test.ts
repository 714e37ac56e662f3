import test from 'ava';
import { planSchedule } from '@sessionchaos/core';
import { describePlan } from '../src/index.ts';

test('the dry-run listing names each occurrence, its window and its victims, and says when none match', (t) => {
  const plan = planSchedule(
    [
      {
        id: 'kill-busiest',
        action: 'kill',
        target: { role: 'app' },
        select: 'busiest',
        at: 10_000,
        duration: 5_000,
      },
      { id: 'pause', action: 'pause', target: { role: 'app' }, at: 20_000, every: 30_000, duration: 3_000 },
      { id: 'drain', action: 'exec', target: {}, at: 65_000, params: { command: 'kubectl drain n1' } },
    ],
    70_000,
  );
  const lines = describePlan(
    plan,
    new Map([
      ['kill-busiest#1', ['app-2']],
      ['pause#1', ['app-1']],
      ['pause#2', []],
    ]),
  );
  t.deepEqual(lines, [
    '0:10.0 -> 0:15.0  kill-busiest#1     kill app -> app-2',
    '0:20.0 -> 0:23.0  pause#1            pause app -> app-1',
    '0:50.0 -> 0:53.0  pause#2            pause app -> NO VICTIM MATCHES',
    '1:05.0 -> 1:10.0  drain#1            exec: kubectl drain n1 -> victims chosen when it starts',
  ]);
});
