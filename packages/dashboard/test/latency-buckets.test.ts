import test from 'ava';
import { LatencyBuckets } from '../src/latency-buckets.ts';

test('percentiles read within half a percent, from sub-millisecond to minutes', (t) => {
  for (const ms of [0.05, 0.8, 3, 47, 250, 1_234, 65_000]) {
    const b = new LatencyBuckets();
    b.record(ms);
    const p = b.percentile(50);
    t.true(Math.abs(p - ms) / ms <= 0.005, `${ms} ms read as ${p} ms`);
  }
});

test('p50 and p99 of a spread, and reset empties it for the next second', (t) => {
  const b = new LatencyBuckets();
  for (let ms = 1; ms <= 1_000; ms++) b.record(ms);
  t.true(Math.abs(b.percentile(50) - 500) <= 5);
  t.true(Math.abs(b.percentile(99) - 990) <= 10);
  b.reset();
  t.is(b.percentile(99), 0);
  b.record(7);
  t.true(Math.abs(b.percentile(99) - 7) <= 0.05);
});

test('nonsense latencies are ignored; huge ones land in the last bucket', (t) => {
  const b = new LatencyBuckets();
  b.record(Number.NaN);
  b.record(-3);
  t.is(b.percentile(50), 0);
  b.record(1e12);
  t.true(b.percentile(50) >= 1_700_000);
});
