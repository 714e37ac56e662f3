import test from 'ava';
import {
  globalVuId,
  mergeHistories,
  ownsPosition,
  parseShard,
  runsFaults,
  shardShare,
} from '../../src/shard/index.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import type { Op } from '../../src/history/op.ts';

test('--shard K/N parses, and says what is wrong', (t) => {
  t.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
  for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1/1001', '2'])
    t.regex((parseShard(bad) as { error: string }).error, /must be K\/N with 1 <= K <= N <= 1000/);
});

test('shards deal every position to exactly one of them; shares and VU ids add up to the whole run', (t) => {
  for (const count of [1, 2, 3, 7]) {
    for (const total of [1, 10, 31]) {
      const owners = Array.from({ length: total }, (_, i) =>
        Array.from({ length: count }, (_, k) => k + 1).filter((index) => ownsPosition({ index, count }, i)),
      );
      t.true(owners.every((o) => o.length === 1));
      let sum = 0;
      const ids = new Set<number>();
      for (let index = 1; index <= count; index++) {
        const share = shardShare(total, { index, count });
        sum += share;
        for (let local = 1; local <= share; local++) ids.add(globalVuId({ index, count }, local));
      }
      t.is(sum, total);
      // The closed model's VU ids: 1..total, each exactly once, as in one process.
      t.deepEqual(
        [...ids].sort((a, b) => a - b),
        Array.from({ length: total }, (_, i) => i + 1),
      );
    }
  }
  t.true(runsFaults(undefined));
  t.true(runsFaults({ index: 1, count: 3 }));
  t.false(runsFaults({ index: 2, count: 3 }));
});

async function collect(it: AsyncIterable<Op[]>): Promise<Op[]> {
  const out: Op[] = [];
  for await (const batch of it) out.push(...batch);
  return out;
}

test('merge interleaves shard histories by time with their clock offsets; index renumbered, ids unique', async (t) => {
  const a = new HistoryBuilder();
  a.invoke(1, 'login', 0, { user: 'user-1' });
  a.ok(1, 'login', 10, { status: 200 });
  a.invoke(3, 'whoami', 30);
  a.ok(3, 'whoami', 40, { status: 200 });
  const b = new HistoryBuilder();
  b.invoke(2, 'login', 5, { user: 'user-2' });
  b.ok(2, 'login', 12, { status: 200 });
  const sources = () => [
    {
      shard: 1,
      batches: [a.ops.slice(0, 1), [], a.ops.slice(1)].map((ops) => ops.map((o) => ({ ...o }))),
      offsetMs: 0,
    },
    // Shard 2 started 20 ms after shard 1: its times move by 20.
    { shard: 2, batches: [b.ops.map((o) => ({ ...o }))], offsetMs: 20 },
  ];
  const merged = await collect(mergeHistories(sources()));
  // Output batches of any size carry the same ops in the same order.
  t.deepEqual(await collect(mergeHistories(sources(), 2)), merged);
  t.deepEqual(
    merged.map((o) => [o.index, o.process, o.type, o.time]),
    [
      [0, 1, 'invoke', 0],
      [1, 1, 'ok', 10],
      [2, 2, 'invoke', 25],
      [3, 3, 'invoke', 30],
      [4, 2, 'ok', 32],
      [5, 3, 'ok', 40],
    ],
  );
  // Invoke and completion still pair by id, and no id is shared across shards.
  const pairs = new Map<number, number>();
  for (const o of merged) pairs.set(o.id, (pairs.get(o.id) ?? 0) + 1);
  t.true([...pairs.values()].every((n) => n === 2));
  t.is(pairs.size, 3);
});
