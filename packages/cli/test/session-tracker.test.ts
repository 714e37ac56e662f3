import { HistoryBuilder, isVuOp } from '@sessionchaos/core';
import test from 'ava';
import { SessionTracker } from '../src/run/session-tracker.ts';

test('busiest-node counts: a logout that failed leaves the session on its node, one that succeeded ends it', (t) => {
  const b = new HistoryBuilder();
  for (const vu of [1, 2, 3]) b.step(vu, 'login', 0, 5, {}, { status: 200, node: 'app-1' });
  b.step(1, 'logout', 10, 15, {}, { status: 500, node: 'app-1' });
  b.step(2, 'logout', 10, 15, {}, { error: 'timeout' });
  b.step(3, 'logout', 10, 15, {}, { status: 200, node: 'app-1' });
  const tracker = new SessionTracker();
  for (const op of b.ops) if (isVuOp(op)) tracker.feed(op);
  t.deepEqual([...tracker.counts()], [['app-1', 2]]);
});
