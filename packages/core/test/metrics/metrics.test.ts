import test from 'ava';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import { LatencyHistogram } from '../../src/metrics/latency-histogram.ts';
import { RunMetrics } from '../../src/metrics/run-metrics.ts';
import { SecondSeries } from '../../src/metrics/second-series.ts';

test('histograms merge across shards as if recorded in one', (t) => {
  const a = new LatencyHistogram();
  const b = new LatencyHistogram();
  const whole = new LatencyHistogram();
  for (let i = 1; i <= 1000; i++) {
    (i % 2 === 0 ? a : b).recordMs(i / 10);
    whole.recordMs(i / 10);
  }
  a.merge(b);
  t.is(a.count, 1000);
  t.deepEqual(a.summary(), whole.summary());
  t.deepEqual(whole.summary(), { p50: 50.015, p90: 90.047, p99: 99.007, max: 100.031 });
});

test('a histogram survives its compressed base64 form', (t) => {
  const h = new LatencyHistogram();
  for (const ms of [0.25, 1, 12.5, 480, 30_000]) h.recordMs(ms);
  const back = LatencyHistogram.decode(h.encode());
  t.is(back.count, 5);
  t.deepEqual(back.summary(), h.summary());
});

test('per-second series count status classes, 401s, redirects and nodes, and merge', (t) => {
  const h = new HistoryBuilder();
  h.step(1, 'whoami', 0, 10, {}, { status: 200, node: 'app-1' });
  h.step(2, 'whoami', 0, 20, {}, { status: 401, node: 'app-2' });
  h.step(
    1,
    'visit',
    900,
    1100,
    {},
    {
      status: 200,
      node: 'app-1',
      hops: [
        { method: 'GET', url: '/', status: 302, location: '/login', sent: [], set: [] },
        { method: 'GET', url: '/login', status: 200, sent: [], set: [] },
      ],
    },
  );
  h.step(2, 'read', 2000, 3500, {}, { error: 'timeout' }, 'info');
  h.step(3, 'read', 3000, 3600, {}, { status: 503 });
  const a = new SecondSeries();
  const b = new SecondSeries();
  h.ops.forEach((op, i) => (op.process !== 'fault' ? (i < 6 ? a : b).record(op) : undefined));
  const series = a.merge(b).toArray();
  t.deepEqual(
    series.map((s) => [
      s.second,
      s.requests,
      s['2xx'],
      s['4xx'],
      s['5xx'],
      s.error,
      s.unauthorized,
      s.redirects,
      s.byNode,
    ]),
    [
      [0, 2, 1, 1, 0, 0, 1, 0, { 'app-1': 1, 'app-2': 1 }],
      [1, 1, 1, 0, 0, 0, 0, 1, { 'app-1': 1 }],
      [2, 0, 0, 0, 0, 0, 0, 0, {}],
      [3, 2, 0, 0, 1, 1, 0, 0, {}],
    ],
  );
});

test('the run summary matches summary.json: requests and latencyMs', (t) => {
  const h = new HistoryBuilder();
  for (let i = 0; i < 10; i++)
    h.step(1, 'whoami', i * 100, i * 100 + 10 + i, {}, { status: i < 8 ? 200 : 502 });
  const m = new RunMetrics();
  for (const op of h.ops) m.feed(op);
  t.deepEqual(m.summary(2_000), {
    requests: { total: 10, byStatus: { '200': 8, '502': 2 }, rps: 5 },
    // HDR keeps 3 significant digits: values read back within 0.1%.
    latencyMs: { p50: 14.007, p90: 18.015, p99: 19.007, max: 19.007 },
  });
  t.is(m.scopes.all.errors, 2);
  t.is(m.scopes.steady.requests, 10);
});

test("the whole run's latencies are exactly the phases' together, and follow ops fed after a read", (t) => {
  const h = new HistoryBuilder();
  // Steady, then a fault from 1 s to 2 s, its 10 s tail, then steady again.
  h.fault('kill-1', 'kill', 1000, 2000);
  const whole = new LatencyHistogram();
  for (let i = 0; i < 300; i++) {
    const start = i * 50;
    const latency = 1 + ((i * 37) % 400) / 7;
    h.step(1 + (i % 5), 'whoami', start, start + latency, {}, { status: 200 });
    whole.recordMs(latency);
  }
  const m = new RunMetrics(10_000);
  const ops = h.ops;
  const half = Math.floor(ops.length / 2);
  for (const op of ops.slice(0, half)) m.feed(op);
  const early = m.scopes.all.latency.count;
  for (const op of ops.slice(half)) m.feed(op);
  t.true(early > 0 && early < 300, `read once midway (${early} then)`);
  const phases = ['during-fault', 'after-fault', 'steady'] as const;
  t.true(
    phases.every((p) => m.scopes[p].latency.count > 0),
    'every phase has latencies',
  );
  t.is(m.scopes.all.latency.count, 300);
  t.deepEqual(m.scopes.all.latency.summary(), whole.summary());
  t.deepEqual(m.summary().latencyMs, whole.summary());
  t.is(m.scopes.all.latency.percentileMs(99.9), whole.percentileMs(99.9));
});
