import type { Op, Threshold } from '@sessionchaos/core';
import { DEFAULT_THRESHOLDS, HistoryBuilder, RunAnalyzer } from '@sessionchaos/core';
import type { ReportInput, RunMeta } from '../src/index.ts';
import { login, whoami } from './journey.ts';

/** The gate of the fixture run: lost sessions fail it, latency and steady errors pass. */
export const THRESHOLDS: Threshold[] = [
  { metric: 'finding', kind: 'lost-session', maxCount: 0 },
  { metric: 'latency', percentile: 99, maxMs: 800 },
  { metric: 'error-rate', max: 0.02, scope: 'steady' },
];

/** The fixture run's meta. */
export function fixtureMeta(name = 'sticky-busiest-killed'): RunMeta {
  return {
    scenario: {
      name,
      description: 'Sticky sessions lose every session of a killed node.',
      file: 'scenarios/x.yaml',
    },
    target: { url: 'http://127.0.0.1:8080', strategy: 'sticky' },
    seed: 42,
    startedAt: '2025-01-02T03:04:05.000Z',
    durationMs: 20_000,
    thresholds: THRESHOLDS,
    checkOptions: { afterFaultMs: 3_000 },
    expect: { verdict: 'fail', findings: ['lost-session'] },
    nodes: ['app-1', 'app-2', 'app-3', 'app-4'],
  };
}

/**
 * A 20 s history: 6 VUs pinned round-robin to app-1..3 ask "who am I" every 250 ms. At 8 s
 * app-2 is killed (healed at 12 s): its two VUs (2 and 5) get a 401 from app-1, twice (a lost
 * session each, confirmed), one 502 answers VU 3, and both lost VUs log in again on app-1.
 */
export function fixtureHistory(): Op[] {
  const h = new HistoryBuilder();
  const nodeOf = (vu: number): string => `app-${((vu - 1) % 3) + 1}`;
  const session = new Map<number, string>();
  const node = new Map<number, string>();
  for (let vu = 1; vu <= 6; vu++) {
    session.set(vu, `s${vu}`);
    node.set(vu, nodeOf(vu));
    login(h, vu, vu, `s${vu}`, nodeOf(vu));
  }
  let faultStarted = false;
  let faultHealed = false;
  for (let t = 100; t < 20_000; t += 250) {
    if (!faultStarted && t >= 8_000) {
      h.faultInvoke('kill-busiest#1', 'kill', 8_000, { target: 'app' });
      h.faultDone('kill-busiest#1', 'kill', 8_010, { target: 'app', victims: ['app-2'] });
      faultStarted = true;
    }
    if (!faultHealed && t >= 12_000) {
      h.faultInvoke('kill-busiest#1', 'heal', 12_000);
      h.faultDone('kill-busiest#1', 'heal', 12_050);
      faultHealed = true;
    }
    for (let vu = 1; vu <= 6; vu++) {
      const at = t + vu;
      if (t === 8_100 && node.get(vu) === 'app-2') {
        whoami(h, vu, at, session.get(vu)!, 'app-1', 401);
        // Tried again on the node that refused it, refused again: the loss is confirmed.
        whoami(h, vu, at + 8, session.get(vu)!, 'app-1', 401);
        session.set(vu, `s${vu}b`);
        node.set(vu, 'app-1');
        login(h, vu, at + 20, `s${vu}b`, 'app-1');
        continue;
      }
      whoami(h, vu, at, session.get(vu)!, node.get(vu)!, t === 8_350 && vu === 3 ? 502 : 200);
    }
  }
  return h.ops;
}

/** The fixture analysed as a live run would: the report input. */
export function fixtureInput(name?: string): ReportInput {
  const meta = fixtureMeta(name);
  return { ...meta, analysis: analyzeRunWith(fixtureHistory(), meta) };
}

/** Analyses ops as a live run does: its check options, then its gate over its wall length. */
export function analyzeRunWith(ops: Iterable<Op>, meta: RunMeta): ReportInput['analysis'] {
  const analyzer = new RunAnalyzer(meta.checkOptions);
  for (const op of ops) analyzer.feed(op);
  return analyzer.finish(meta.thresholds, meta.durationMs);
}

/** A run against a CSRF-protected login this tool could not pass: every login refused with 403. */
export function refusedLoginsInput(): ReportInput {
  const h = new HistoryBuilder();
  for (let round = 0; round < 4; round++)
    for (let vu = 1; vu <= 5; vu++)
      h.step(vu, 'login', round * 100 + vu, round * 100 + vu + 5, { user: `user-${vu}` }, { status: 403 });
  const { expect: _expect, ...rest } = fixtureMeta();
  const meta: RunMeta = { ...rest, thresholds: [...DEFAULT_THRESHOLDS] };
  return { ...meta, analysis: analyzeRunWith(h.ops, meta) };
}
