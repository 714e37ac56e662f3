import test from 'ava';
import { DEFAULT_THRESHOLDS, HistoryBuilder, RunAnalyzer, type Op, type Threshold } from '@sessionchaos/core';
import { buildSummary, type ReportInput } from '@sessionchaos/report';
import { compareRow } from '../../src/compare/compare-metrics.ts';
import { compareMarkdown } from '../../src/compare/compare-report.ts';
import {
  COMPARE_GATE_KINDS,
  compareScenario,
  compareThresholds,
} from '../../src/compare/compare-scenario.ts';
import { COMPARE_STRATEGIES } from '../../src/compare/compare-strategies.ts';

const CHECK = { hotspotWindowMs: 1000, hotspotMinSamples: 10, nodes: 3 };

/**
 * 21 users log in and ask "who am I" every 100 ms for 4 s, each answered by its own node and
 * named: 15 of them on app-1 (a hotspot: one node serving most sessions). `lose` users are
 * refused on every whoami after 2 s, on the node that named them before: lost sessions.
 */
function history(lose: number[] = []): Op[] {
  const h = new HistoryBuilder();
  const node = (vu: number): string => (vu <= 15 ? 'app-1' : vu <= 18 ? 'app-2' : 'app-3');
  for (let vu = 1; vu <= 21; vu++)
    h.step(
      vu,
      'login',
      vu,
      vu + 5,
      { user: `user-${vu}` },
      { status: 200, session: `s${vu}`, node: node(vu), user: `user-${vu}` },
    );
  for (let time = 100; time < 4000; time += 100)
    for (let vu = 1; vu <= 21; vu++) {
      const refused = lose.includes(vu) && time >= 2000;
      h.step(
        vu,
        'whoami',
        time + vu,
        time + vu + 5,
        { session: `s${vu}`, method: 'GET', url: '/api/me' },
        {
          status: refused ? 401 : 200,
          identity: refused ? null : `user-${vu}`,
          session: `s${vu}`,
          node: node(vu),
        },
      );
    }
  return h.ops;
}

function input(ops: Op[], thresholds: Threshold[]): ReportInput {
  const analyzer = new RunAnalyzer(CHECK);
  for (const op of ops) analyzer.feed(op);
  return {
    scenario: { name: 'compare-x', description: 'x' },
    target: { url: 'http://127.0.0.1:1', strategy: 'memory' },
    seed: 1,
    startedAt: '2025-01-02T03:04:05.000Z',
    durationMs: 4000,
    thresholds,
    checkOptions: CHECK,
    analysis: analyzer.finish(thresholds, 4000),
  };
}

const row = (ops: Op[], thresholds = compareThresholds()) =>
  compareRow(
    { name: 'x', label: 'x', movingParts: 4 },
    buildSummary(input(ops, thresholds)),
    ops.filter((o) => o.type === 'ok' && 'latency' in o) as never,
    undefined,
    0,
  );

test('the compare gate is the session findings, each implicit; load balance is not in it', (t) => {
  t.deepEqual(
    compareThresholds().map((g) => (g.metric === 'finding' ? [g.kind, g.maxCount, g.implicit] : [])),
    COMPARE_GATE_KINDS.map((k) => [k, 0, true]),
  );
  t.false(COMPARE_GATE_KINDS.includes('hotspot'));
  // Every strategy's run is gated by it (it replaces the default gate of every finding kind).
  for (const s of COMPARE_STRATEGIES) {
    const resolved = compareScenario(s, {
      users: 5,
      durationMs: 10_000,
      faults: 'kill',
      faultAtMs: 4000,
      faultForMs: 3000,
      seed: 1,
      tookMs: 0,
    });
    t.true(resolved.ok, s.name);
    if (resolved.ok) t.deepEqual(resolved.scenario.thresholds, compareThresholds(), s.name);
  }
});

test('a row whose only finding is a hotspot passes, with its balance shown; under the default gate it failed', (t) => {
  const ops = history();
  const r = row(ops);
  t.deepEqual(r.findings, ['hotspot']);
  t.is(r.verdict, 'pass');
  t.true(r.hotspotWindows >= 3, String(r.hotspotWindows));
  t.is(r.worstNodeShare, 15 / 21);
  // Before: the run's default gate (every finding kind) failed the row for its hotspot.
  t.is(row(ops, [...DEFAULT_THRESHOLDS]).verdict, 'fail');
  const md = compareMarkdown([r], {
    users: 21,
    durationMs: 4000,
    faults: 'none',
    faultAtMs: 0,
    faultForMs: 0,
    seed: 1,
    tookMs: 1000,
  });
  t.regex(md, /\| worst node share \| hotspot windows \|/);
  t.regex(md, /\| verdict \(session findings\) \|/);
  t.regex(md, new RegExp(`\\| 71% \\| ${r.hotspotWindows} \\| - \\|.* \\| pass \\| hotspot \\|`));
  t.regex(md, /load balance is shown, not gated/);
});

test('a row with lost sessions fails, whatever its balance', (t) => {
  const r = row(history([16, 20]));
  t.true(r.findings.includes('lost-session'), r.findings.join());
  t.is(r.verdict, 'fail');
  t.is(r.lostShare, 2 / 21);
});
