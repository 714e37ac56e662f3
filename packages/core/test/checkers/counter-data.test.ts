import test from 'ava';
import { runChecker } from '../../src/checkers/check-history.ts';
import { lostUpdateChecker } from '../../src/checkers/lost-update.ts';
import { staleReadChecker } from '../../src/checkers/stale-read.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import { read, write } from './data-ops.ts';

const increment = { dataSemantics: 'increment' } as const;
const judge = (h: HistoryBuilder) => ({
  stale: runChecker(staleReadChecker, h.ops, increment),
  lost: runChecker(lostUpdateChecker, h.ops, increment),
});

test('counter: a correct counter, its write answers and reads, is never flagged', (t) => {
  const h = new HistoryBuilder();
  for (let i = 1; i <= 5; i++) {
    write(h, 1, i * 20, i, { answer: i }); // the write answers the new count
    read(h, 1, i * 20 + 10, i);
  }
  read(h, 1, 200, '5'); // a count as text is the same count
  t.deepEqual(judge(h), { stale: [], lost: [] });
});

test('counter: concurrent and out-of-order increments, info ones, and counts above the bound are fine', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 1);
  // Two increments in flight with a read: the read may see 1, 2 or 3.
  h.invoke(1, 'write', 10, { session: 's', value: 2 });
  h.invoke(1, 'write', 11, { session: 's', value: 3 });
  h.invoke(1, 'read', 12, { session: 's' });
  // The store applied write 3 first (count 2), then write 2 (count 3); the answers came back the other way.
  h.ok(1, 'write', 20, { status: 200, value: 3 });
  h.ok(1, 'read', 21, { status: 200, value: 1 }); // sent before either was acknowledged
  h.ok(1, 'write', 22, { status: 200, value: 2 });
  read(h, 1, 30, 3);
  // A timed-out increment may or may not count.
  write(h, 1, 40, 4, { type: 'info' });
  read(h, 1, 50, 3);
  read(h, 1, 60, 4);
  // Another writer (a second tab): a count above anything sent proves nothing lost.
  read(h, 1, 70, 9);
  // A read before any write, and a new session that starts from zero.
  read(h, 2, 0, null);
  write(h, 2, 10, 1);
  h.step(2, 'login', 20, 30, {}, { status: 200, session: 't' });
  write(h, 2, 40, 2, { session: 't' });
  read(h, 2, 50, 1, 't');
  t.deepEqual(judge(h), { stale: [], lost: [] });
});

test('counter: a counter that loses increments is a lost update, counted in increments, not a stale read', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 1);
  write(h, 1, 100, 2); // lost by the store
  read(h, 1, 200, 1);
  write(h, 1, 300, 3);
  read(h, 1, 400, 2); // reaches the first read's floor only thanks to a later increment: still behind
  write(h, 1, 500, 4); // lost too
  read(h, 1, 1_300, 2); // still short over a second later: lost, not late
  const { stale, lost } = judge(h);
  t.deepEqual(stale, []);
  t.is(lost.length, 1);
  t.is(lost[0]!.count, 2); // two increments short at the end
  t.is(lost[0]!.firstAtMs, 205);
  t.deepEqual(lost[0]!.users, [1]);
  t.regex(lost[0]!.detail, /^2 acknowledged increments \(1 user\) never showed in a later read/);
});

test('counter: a replica serving an old count for a while is stale, not lost', (t) => {
  const h = new HistoryBuilder();
  h.fault('lag', 'latency', 15, 100);
  for (let i = 1; i <= 3; i++) write(h, 1, i * 10, i);
  read(h, 1, 50, 1); // the replica serves an old count...
  read(h, 1, 60, 2);
  read(h, 1, 150, 3); // ...and catches up
  write(h, 1, 160, 4);
  read(h, 1, 170, 4);
  const { stale, lost } = judge(h);
  t.deepEqual(lost, []);
  t.is(stale.length, 1);
  t.is(stale[0]!.count, 2);
  t.is(stale[0]!.fault, 'lag');
  t.regex(stale[0]!.detail, /count below the increments .* caught up within 100 ms at worst/);
});

test('counter: a session that ends behind lost its increments, whatever ends it, if it stayed behind long enough', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 1);
  read(h, 1, 10, 0);
  read(h, 1, 1_100, 0);
  h.step(1, 'logout', 1_200, 1_205, { session: 's' }, { status: 200 }); // ends the session
  write(h, 2, 0, 1);
  read(h, 2, 10, 0);
  h.step(2, 'logout', 20, 25, { session: 's' }, { status: 503 }); // did not: still judged
  read(h, 2, 30, 1); // caught up
  write(h, 3, 0, 1);
  read(h, 3, 10, 0);
  read(h, 3, 1_500, 0); // the history ends
  const { stale, lost } = judge(h);
  t.deepEqual(
    lost.map((f) => [f.count, f.users]),
    [[2, [1, 3]]],
  );
  t.deepEqual(
    stale.map((f) => [f.count, f.users]),
    [[1, [2]]],
  );
});

test('counter: a session that ends right after a read behind is late, not lost: a lag cannot be told from a loss', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 1);
  write(h, 1, 10, 2);
  read(h, 1, 20, 1);
  read(h, 1, 30, 0);
  h.step(1, 'logout', 40, 45, { session: 's' }, { status: 200 });
  const { stale, lost } = judge(h);
  t.deepEqual(lost, []);
  t.deepEqual(
    stale.map((f) => [f.count, f.users]),
    [[2, [1]]],
  );
  t.regex(stale[0]!.detail, /; 2 reads had not caught up when the session ended\.$/);
});

test('counter: a write answering a count that misses its own increment proves the loss at once', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 1, { answer: 1 });
  write(h, 1, 10, 2, { answer: 1 }); // the node that applied it says: still 1
  h.step(1, 'logout', 20, 25, { session: 's' }, { status: 200 });
  const { stale, lost } = judge(h);
  t.deepEqual(stale, []);
  t.deepEqual(
    lost.map((f) => [f.count, f.users, f.firstAtMs]),
    [[1, [1], 15]],
  );
});
