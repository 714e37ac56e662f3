import test from 'ava';
import type { Summary } from '@sessionchaos/report';
import { compareRow, type RequestOp } from '../../src/compare/compare-metrics.ts';
import { compareHtml, compareMarkdown } from '../../src/compare/compare-report.ts';
import type { CompareRun } from '../../src/compare/compare-run.ts';
import { COMPARE_STRATEGIES, movingParts, pickStrategies } from '../../src/compare/compare-strategies.ts';

const fault = {
  id: 'kill-app#1',
  action: 'kill',
  target: 'app',
  startedAtMs: 10_000,
  endedAtMs: 16_000,
  healed: true,
  victims: ['app-2'],
  badOps: 5,
  toFirstBadMs: 100,
  toLastBadMs: 3000,
  recoveryMs: 3200,
  recovered: true,
};

const summary = (over: Partial<Summary> = {}): Summary =>
  ({
    verdict: 'fail',
    durationMs: 20_000,
    users: { total: 20, withLostSession: 5 },
    faults: [fault],
    findings: [
      { kind: 'hotspot', count: 1 },
      { kind: 'lost-session', count: 7 },
      { kind: 'hotspot', count: 2 },
    ],
    ...over,
  }) as unknown as Summary;

const op = (
  time: number,
  latency: number,
  node: string,
  process: number | string = 1,
  type = 'ok',
): RequestOp => ({
  process,
  type,
  time,
  latency,
  node,
});

test('steady state only: after the warm-up, before the fault, users ok requests (not probes, not failures)', (t) => {
  const ops = [
    op(500, 999, 'app-1'), // warm-up
    ...Array.from({ length: 80 }, (_, i) =>
      op(2000 + i * 100, 10 + (i % 10), i % 4 === 0 ? 'app-2' : 'app-1'),
    ),
    op(5000, 5000, 'app-3', 'probe'), // a probe
    op(6000, 4000, 'app-3', 2, 'fail'), // a failure
    op(12_000, 3000, 'app-3'), // during the fault
  ];
  const row = compareRow({ name: 'memory', label: 'no sharing', movingParts: 4 }, summary(), ops);
  t.is(row.p50Ms, 15);
  t.is(row.p99Ms, 19);
  t.is(row.rps, 10); // 80 requests in the 8 s from 2 s to the fault at 10 s
  t.is(row.worstNodeShare, 0.75);
  t.is(row.lostShare, 0.25);
  t.is(row.recoveryMs, 3200);
  t.true(row.recovered);
  t.false(row.unaffected);
  t.deepEqual(row.findings, ['lost-session', 'hotspot']);
});

test('no fault: the whole run is steady; a fault with no bad answer is unaffected; no requests: nulls', (t) => {
  const ops = [op(3000, 20, 'app-1'), op(19_000, 40, 'app-2')];
  const quiet = compareRow({ name: 'x', label: 'x', movingParts: 4 }, summary({ faults: [] }), ops);
  t.is(quiet.rps, 2 / 18);
  t.is(quiet.recovered, null);
  t.false(quiet.unaffected);
  const untouched = compareRow(
    { name: 'x', label: 'x', movingParts: 4 },
    summary({ faults: [{ ...fault, toFirstBadMs: null, recoveryMs: null }] as Summary['faults'] }),
    [],
  );
  t.true(untouched.unaffected);
  t.is(untouched.p50Ms, null);
  t.is(untouched.worstNodeShare, null);
});

test('the table: one row per strategy, in Markdown and HTML with a chart; the description says the plan', (t) => {
  const row = compareRow({ name: 'memory', label: 'no sharing', movingParts: 4 }, summary(), [
    op(3000, 12, 'app-1'),
  ]);
  const run: CompareRun = {
    users: 20,
    durationMs: 20_000,
    faults: 'kill',
    faultAtMs: 8000,
    faultForMs: 6000,
    seed: 1,
    tookMs: 90_000,
  };
  const md = compareMarkdown([row, { ...row, label: 'other', lostShare: 0 }], run);
  t.regex(
    md,
    /20 users, 20 s each, think 200 ms, seed 1; at 8 s the busiest app node \(or the session store\) is killed for 6 s/,
  );
  t.regex(
    md,
    /\| no sharing \| 12 \| 12 \| 0 \| 25% \| 3\.2 s \| 100% \| 3 \| - \| - \| - \| - \| 4 \| fail \| lost-session, hotspot \|/,
  );
  t.regex(md, /\| other \| .* \| 0% \|/);
  const html = compareHtml([row], run);
  t.regex(html, /<svg [^>]*>.*no sharing.*25%/s);
  t.regex(html, /<td>3\.2 s<\/td>/);
});

test('the lab columns: MiB per 1,000 sessions, bytes per login, "-" where not measured; the notes under the table', (t) => {
  const base = compareRow({ name: 'replicated', label: 'clustering', movingParts: 4 }, summary(), [], {
    figures: {
      sessions: 1000,
      logins: 40,
      memoryPerNode: 1.5 * 1024 * 1024,
      storeMemory: null,
      replicationPerLogin: 12_390,
      storePerLogin: null,
    },
    notes: [],
  });
  const store = {
    ...base,
    label: 'redis',
    memoryPerNode: -20 * 1024,
    storeMemory: 0.734 * 1024 * 1024,
    replicationPerLogin: null,
    storePerLogin: 812,
    notes: ['no traffic figures: counting bytes between containers needs root'],
  };
  const run: CompareRun = {
    users: 20,
    durationMs: 20_000,
    faults: 'none',
    faultAtMs: 8000,
    faultForMs: 6000,
    seed: 1,
    tookMs: 60_000,
  };
  const md = compareMarkdown([base, store], run);
  t.regex(
    md,
    /\| strategy \| .* \| worst node share \| hotspot windows \| memory per node per 1,000 sessions \| store memory per 1,000 sessions \| replication per login \| store traffic per login \| containers \|/,
  );
  t.regex(md, /\| clustering \| .* \| 1\.50 MiB \| - \| 12\.1 KiB \| - \| 4 \|/);
  // A node that shrank shows its (negative) measure: noise is not hidden.
  t.regex(md, /\| redis \| .* \| -0\.02 MiB \| 0\.73 MiB \| - \| 812 B \| 4 \|/);
  t.regex(md, /iptables byte counters/);
  t.regex(md, /^- redis: no traffic figures: counting bytes between containers needs root$/m);
  const html = compareHtml([base, store], run);
  t.regex(html, /<th>replication per login<\/th>/);
  t.regex(html, /<td>12\.1 KiB<\/td>/);
  t.regex(html, /<p>redis: no traffic figures/);
});

test('strategies: all by default, the named ones in table order, unknown names reported', (t) => {
  const all = pickStrategies(undefined);
  t.true(all.ok && all.strategies.length === COMPARE_STRATEGIES.length);
  const two = pickStrategies(['redis-single', 'memory']);
  t.deepEqual(two.ok ? two.strategies.map((s) => s.name) : [], ['memory', 'redis-single']);
  t.deepEqual(pickStrategies(['memory', 'nope']), { ok: false, unknown: ['nope'] });
  t.deepEqual(
    COMPARE_STRATEGIES.map((s) => [s.name, movingParts(s.lab)]),
    [
      ['memory', 4],
      ['sticky-cookie', 4],
      ['sticky-source', 4],
      ['replicated', 4],
      ['tomcat-delta-async', 4],
      ['tomcat-delta-sync', 4],
      ['tomcat-backup', 4],
      ['redis-single', 5],
      ['redis-sentinel', 9],
      ['memcached', 5],
      ['postgres', 5],
      ['jwt', 5],
    ],
  );
});
