import {
  resolveScenario,
  type FindingKind,
  type ScenarioInput,
  type ScenarioResult,
  type Threshold,
} from '@sessionchaos/core';
import type { CompareRun } from './compare-run.ts';
import type { CompareStrategy } from './compare-strategies.ts';

/**
 * What a row of `sessionchaos compare` is judged on: the session findings, what the strategies are
 * compared for. Load balance (hotspot) is measured in its own columns: a strategy that kept every
 * session but leaned on one node after the killed one came back has not failed at sessions.
 */
export const COMPARE_GATE_KINDS: readonly FindingKind[] = [
  'lost-session',
  'stale-read',
  'lost-update',
  'cross-user-leak',
  'session-fixation',
  'logout-not-propagated',
  'redirect-loop',
];

/**
 * The gate of every compare run: none of {@link COMPARE_GATE_KINDS}. Each is `implicit`, as the
 * default gate's are: a kind the plain journey never exercises is shown "not judged", not `unknown`.
 */
export function compareThresholds(): Threshold[] {
  return COMPARE_GATE_KINDS.map((kind) => ({ metric: 'finding', kind, maxCount: 0, implicit: true }));
}

/** The scenario of one strategy as written: the comparison's load and fault plan on its lab. */
export function compareScenarioInput(s: CompareStrategy, run: CompareRun): ScenarioInput {
  const faults =
    run.faults === 'kill'
      ? [
          {
            id: `kill-${s.victim}`,
            action: 'kill',
            target: s.victim,
            ...(s.victim === 'app' ? { select: 'busiest' } : {}),
            at: run.faultAtMs,
            duration: run.faultForMs,
          },
        ]
      : [];
  return {
    name: `compare-${s.name}`,
    description:
      `sessionchaos compare: ${s.label}. Judged on the session findings ` +
      `(${COMPARE_GATE_KINDS.join(', ')}); load balance is measured, not gated.`,
    target: { lab: s.lab },
    load: { users: run.users, duration: run.durationMs, think: 200 },
    faults,
    seed: run.seed,
  } as unknown as ScenarioInput;
}

/** The resolved scenario of one strategy, gated by {@link compareThresholds}. */
export function compareScenario(s: CompareStrategy, run: CompareRun): ScenarioResult {
  const resolved = resolveScenario(compareScenarioInput(s, run));
  if (!resolved.ok) return resolved;
  return { ...resolved, scenario: { ...resolved.scenario, thresholds: compareThresholds() } };
}
