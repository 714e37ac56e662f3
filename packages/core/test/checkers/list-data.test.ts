import test from 'ava';
import { runChecker } from '../../src/checkers/check-history.ts';
import { lostUpdateChecker } from '../../src/checkers/lost-update.ts';
import { staleReadChecker } from '../../src/checkers/stale-read.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import { read, write } from './data-ops.ts';

const append = { dataSemantics: 'append' } as const;
const judge = (h: HistoryBuilder) => ({
  stale: runChecker(staleReadChecker, h.ops, append),
  lost: runChecker(lostUpdateChecker, h.ops, append),
});

test('cart: a correct cart, read after each item and answering the list on writes, is never flagged', (t) => {
  const h = new HistoryBuilder();
  const cart: string[] = [];
  for (let i = 1; i <= 5; i++) {
    cart.push(`item-${i}`);
    write(h, 1, i * 20, `item-${i}`, { answer: [...cart] });
    read(h, 1, i * 20 + 10, [...cart].reverse()); // order is not judged
  }
  read(h, 2, 0, null); // an empty cart, before any write
  t.deepEqual(judge(h), { stale: [], lost: [] });
});

test('cart: concurrent appends, info appends, unknown items and a new session are fine', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 'a');
  h.invoke(1, 'write', 10, { session: 's', value: 'b' });
  h.invoke(1, 'write', 11, { session: 's', value: 'c' });
  h.invoke(1, 'read', 12, { session: 's' });
  h.ok(1, 'write', 20, { status: 200, value: ['a', 'c', 'b'] });
  h.ok(1, 'read', 21, { status: 200, value: ['a'] }); // sent before b and c were acknowledged
  h.ok(1, 'write', 22, { status: 200, value: ['a', 'c'] }); // c was applied first: its answer lacks b
  read(h, 1, 30, ['a', 'b', 'c']);
  write(h, 1, 40, 'd', { type: 'info' }); // may be absent...
  read(h, 1, 50, ['a', 'b', 'c']);
  read(h, 1, 60, ['a', 'b', 'c', 'd', 'x']); // ...or present; x comes from another writer
  write(h, 2, 0, 1);
  h.step(2, 'login', 10, 20, {}, { status: 200, session: 't' }); // a new session, an empty cart
  read(h, 2, 30, [], 't');
  t.deepEqual(judge(h), { stale: [], lost: [] });
});

test('cart: a cart that drops items is a lost update per item, and not a stale read', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 'a');
  write(h, 1, 10, 'b');
  write(h, 1, 20, 'c');
  read(h, 1, 30, ['a']); // b and c dropped
  write(h, 1, 40, 'd');
  read(h, 1, 50, ['a', 'c', 'd']); // c was only late; b is gone...
  read(h, 1, 2_000, ['a', 'c', 'd']); // ...for good
  // The near miss: a session that ends soon after missing an item shows it late, not lost.
  write(h, 2, 0, 'a');
  read(h, 2, 10, []);
  h.step(2, 'login', 20, 30, {}, { status: 200, session: 't' });
  const { stale, lost } = judge(h);
  t.deepEqual(
    stale.map((f) => [f.count, f.users]),
    [[1, [2]]],
  ); // the reads that missed b never caught up
  t.is(lost.length, 1);
  t.is(lost[0]!.count, 1);
  t.deepEqual(lost[0]!.users, [1]);
  t.is(lost[0]!.firstAtMs, 35);
  t.regex(
    lost[0]!.detail,
    /^1 acknowledged appended item \(1 user\) never showed in a later read of its session/,
  );
});

test('cart: a replica that serves an old list for a while is stale, not lost', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 'a');
  write(h, 1, 10, 'b');
  read(h, 1, 20, ['a']);
  read(h, 1, 30, []);
  read(h, 1, 40, ['a', 'b']);
  // An item missing while another comes back only settles when both are back.
  write(h, 2, 0, 'a');
  write(h, 2, 10, 'b');
  read(h, 2, 20, []);
  read(h, 2, 30, ['a']);
  read(h, 2, 40, ['b', 'a']);
  const { stale, lost } = judge(h);
  t.deepEqual(lost, []);
  t.deepEqual(
    stale.map((f) => [f.count, f.users]),
    [[4, [1, 2]]],
  );
  t.regex(stale[0]!.detail, /list missing items .* caught up within 20 ms at worst/);
});

test('cart: a list read of a scalar target, or a read of another session, is not judged', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 'a');
  read(h, 1, 10, 'a'); // not a list: a target answering under `set`, nothing to compare
  read(h, 1, 20, [], 't'); // another session cookie: starts afresh
  t.deepEqual(judge(h), { stale: [], lost: [] });
});

test('cart: a write answering a list without its own item proves the loss at once', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 'a', { answer: ['a'] });
  write(h, 1, 10, 'b', { answer: ['a'] }); // the node that stored it says: no b
  h.step(1, 'logout', 20, 25, { session: 's' }, { status: 200 });
  const { stale, lost } = judge(h);
  t.deepEqual(stale, []);
  t.deepEqual(
    lost.map((f) => [f.count, f.users, f.firstAtMs]),
    [[1, [1], 15]],
  );
});
