import test from 'ava';
import { analyzeRun } from '../../src/gate/analyze-run.ts';
import type { Interruption } from '../../src/gate/interruption-facts.ts';
import { interruptAnalysis } from '../../src/gate/interruption.ts';
import type { Threshold } from '../../src/gate/threshold.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import { login, whoami } from '../checkers/journey.ts';

const GATE: Threshold[] = [{ metric: 'finding', kind: 'lost-session', maxCount: 0 }];

const PLAN: Interruption = {
  by: 'signal',
  atMs: 5_700,
  plannedMs: 30_000,
  plannedFaults: [
    { id: 'kill#1', action: 'kill', startMs: 1_000 },
    { id: 'kill#2', action: 'kill', startMs: 20_000 },
  ],
};

/** One user, seen alive, asking "who am I" until 5 s; the first kill ran, the second never came. */
function clean(): HistoryBuilder {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1');
  h.fault('kill#1', 'kill', 1_000, 2_000);
  for (let t = 100; t < 5_000; t += 500) whoami(h, 1, t, 's1');
  return h;
}

test('a part that passes is interrupted: what ran and what never started are named', (t) => {
  const a = interruptAnalysis(analyzeRun(clean().ops, GATE), PLAN);
  t.is(a.gate.verdict, 'interrupted');
  t.deepEqual(
    a.gate.gates.map((g) => g.verdict),
    ['pass'],
  );
  t.like(a.gate.interrupted, {
    by: 'signal',
    atMs: 5_700,
    plannedMs: 30_000,
    faultsStarted: ['kill#1'],
    faultsNotStarted: ['kill#2 (kill at 20.0 s)'],
    partialVerdict: 'pass',
  });
  t.is(
    a.gate.reason,
    `interrupted at 5.7 s of 30.0 s by Ctrl-C or SIGTERM: ${a.requests.total} requests ran, faults started 1 of 2 ` +
      '(not started: kill#2 (kill at 20.0 s)); the part that ran, judged alone, is pass, but a part of a run ' +
      'is not the run. Run it again to the end for a verdict',
  );
});

test('a failure seen before the interruption stays visible in its gate and in the reason', (t) => {
  const h = clean();
  whoami(h, 1, 5_100, 's1', null);
  whoami(h, 1, 5_300, 's1', null);
  const a = interruptAnalysis(analyzeRun(h.ops, GATE), PLAN);
  t.is(a.gate.verdict, 'interrupted');
  t.is(a.gate.gates[0]?.verdict, 'fail');
  t.regex(a.gate.reason ?? '', /judged alone, is fail/);
});

test('a run that never finished (killed) is interrupted at the span of its history', (t) => {
  const { atMs: _at, ...plan } = PLAN;
  const a = interruptAnalysis(analyzeRun(clean().ops, GATE), { ...plan, by: 'unfinished' });
  t.is(a.gate.verdict, 'interrupted');
  t.is(a.gate.interrupted?.atMs, Math.round(a.metrics.durationMs));
  t.regex(a.gate.reason ?? '', /before it could write its reports \(killed, or it crashed\)/);
});
