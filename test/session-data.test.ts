import {
  RunAnalyzer,
  withJourneyDefaults,
  type DataSemantics,
  type JourneySpec,
  type RunAnalysis,
} from '@sessionchaos/core';
import { createHttpClient, startRun } from '@sessionchaos/traffic';
import test from 'ava';
import { startDataTarget, type DataBug } from './helpers/data-target.ts';

// A counter and a cart, correct or with one bug on from the start, judged end to end: 10 VUs for
// 3 s on 127.0.0.1, one run at a time (2-core machines).

function journeyFor(semantics: Exclude<DataSemantics, 'set'>): JourneySpec {
  const path = semantics === 'increment' ? '/api/counter' : '/api/cart';
  return withJourneyDefaults({
    write: {
      method: 'POST',
      path,
      bodyType: 'json',
      body: { value: '{{value}}' },
      value: '$.value',
      semantics,
    },
    read: { method: 'GET', path, value: '$.value' },
  });
}

async function runAgainst(semantics: Exclude<DataSemantics, 'set'>, bug?: DataBug): Promise<RunAnalysis> {
  await using target = await startDataTarget();
  if (bug !== undefined) target.break(bug);
  const analyzer = new RunAnalyzer({ nodes: 3, dataSemantics: semantics });
  const client = createHttpClient({ connections: 16 });
  try {
    const handle = startRun({
      target: target.url,
      load: { model: 'closed', vus: 10, durationMs: 3_000, thinkMs: 50 },
      journey: journeyFor(semantics),
      seed: 7,
      client,
      sink: (op) => analyzer.feed(op),
    });
    const totals = await handle.done;
    return analyzer.finish(undefined, totals.durationMs);
  } finally {
    await client.close();
  }
}

const kinds = (a: RunAnalysis): string[] => [...new Set(a.check.findings.map((f) => f.kind))].sort();
const details = (a: RunAnalysis): string => a.check.findings.map((f) => `${f.kind}: ${f.detail}`).join(' | ');

for (const semantics of ['increment', 'append'] as const) {
  test.serial(
    `a correct ${semantics === 'increment' ? 'counter' : 'cart'} is flagged with nothing`,
    async (t) => {
      const a = await runAgainst(semantics);
      t.deepEqual(kinds(a), [], details(a));
      t.true((a.requests.byStatus['200'] ?? 0) > 100, JSON.stringify(a.requests.byStatus));
      t.is(a.gate.verdict, 'pass');
    },
  );
}

test.serial('a counter that loses increments is flagged with lost-update, not stale-read', async (t) => {
  const a = await runAgainst('increment', 'loses-increments');
  t.deepEqual(kinds(a), ['lost-update'], details(a));
  t.is(a.gate.verdict, 'fail');
  t.log(details(a));
});

test.serial('a cart that drops items is flagged with lost-update, not stale-read', async (t) => {
  const a = await runAgainst('append', 'drops-items');
  t.deepEqual(kinds(a), ['lost-update'], details(a));
  t.is(a.gate.verdict, 'fail');
  t.log(details(a));
});

for (const semantics of ['increment', 'append'] as const) {
  test.serial(
    `a replica serving an old ${semantics === 'increment' ? 'count' : 'cart'} is a stale read, not a lost update`,
    async (t) => {
      const a = await runAgainst(semantics, 'old-count');
      t.deepEqual(kinds(a), ['stale-read'], details(a));
      t.is(a.gate.verdict, 'fail');
      t.log(details(a));
    },
  );
}
