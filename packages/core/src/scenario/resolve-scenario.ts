import { FINDING_KINDS, type FindingKind } from '../checkers/finding.ts';
import type { FaultPermissions } from '../faults/validate-faults.ts';
import { DEFAULT_THRESHOLDS } from '../gate/threshold.ts';
import { resolveGate } from './resolve-gate.ts';
import { resolveCheck } from './resolve-check.ts';
import { resolveFaults } from './resolve-faults.ts';
import { resolveLoad } from './resolve-load.ts';
import { resolveTarget } from './resolve-target.ts';
import { LIMITS, durationWords } from './limits.ts';
import { DEFAULT_PROBE_EVERY_MS } from './fields/top-fields.ts';
import { EXPECT_KEYS, PROBES_KEYS, TOP_KEYS, VERDICTS } from './scenario-keys.ts';
import { durationAt, isObject, unknownKeys } from './spec-fields.ts';
import type { Scenario, ScenarioInput, ScenarioOverrides } from './scenario.ts';
import { SpecErrors, type SpecError } from './spec-error.ts';

export { DEFAULT_PROBE_EVERY_MS } from './fields/top-fields.ts';

/** The outcome of {@link resolveScenario}: the scenario, or every error at once. */
export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; errors: SpecError[] };

/** `probes.every`: a pause long enough not to be a busy loop, short enough to probe at all. */
function probeEvery(errors: SpecErrors, value: unknown): number {
  const ms = durationAt(errors, 'probes.every', value);
  if (ms === undefined) return DEFAULT_PROBE_EVERY_MS;
  if (ms < LIMITS.minProbeEveryMs || ms > LIMITS.maxProbeEveryMs) {
    errors.add(
      'probes.every',
      `${JSON.stringify(value)} must be between ${durationWords(LIMITS.minProbeEveryMs)} and ` +
        `${durationWords(LIMITS.maxProbeEveryMs)}, or false for no probes`,
    );
  }
  return ms;
}

/**
 * Checks a scenario (as parsed from YAML or written with `defineScenario`), applies command-line
 * overrides, and resolves it; every error at once, each with its path (`faults[1].action`).
 */
export function resolveScenario(
  input: ScenarioInput | unknown,
  overrides: ScenarioOverrides = {},
  allowed: FaultPermissions = {},
): ScenarioResult {
  const errors = new SpecErrors();
  if (!isObject(input))
    return {
      ok: false,
      errors: [{ path: '', message: 'a scenario must be a mapping (name, description, target, load...)' }],
    };
  const raw = input;
  unknownKeys(errors, '', raw, TOP_KEYS);
  if (typeof raw.name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(raw.name))
    errors.add('name', 'is required: letters, digits, ".", "_" or "-" (it names the report)');
  if (typeof raw.description !== 'string' || raw.description.trim() === '')
    errors.add('description', 'is required: say what the scenario demonstrates and the verdict to expect');
  const [target, journey] = resolveTarget(errors, raw.target, overrides);
  const load = resolveLoad(errors, raw.load, overrides);
  const faults = resolveFaults(errors, raw.faults ?? [], allowed, load?.durationMs, target);
  const thresholds = raw.gate === undefined ? [...DEFAULT_THRESHOLDS] : resolveGate(errors, raw.gate);
  const check = resolveCheck(errors, raw.check);
  let probeEveryMs: number | null = DEFAULT_PROBE_EVERY_MS;
  if (raw.probes !== undefined) {
    if (!isObject(raw.probes)) errors.add('probes', 'must be {every: 5s} or {every: false}');
    else {
      unknownKeys(errors, 'probes', raw.probes, PROBES_KEYS);
      probeEveryMs = raw.probes.every === false ? null : probeEvery(errors, raw.probes.every);
    }
  }
  let expect: Scenario['expect'];
  if (raw.expect !== undefined) {
    const e = isObject(raw.expect) ? raw.expect : {};
    if (!isObject(raw.expect)) errors.add('expect', 'must be {verdict, findings}');
    unknownKeys(errors, 'expect', e, EXPECT_KEYS);
    if (e.verdict !== undefined) errors.oneOf('expect.verdict', e.verdict, VERDICTS);
    const kinds = e.findings ?? [];
    if (!Array.isArray(kinds)) errors.add('expect.findings', 'must be a list of finding kinds');
    else kinds.forEach((k: unknown, i) => errors.oneOf(`expect.findings[${i}]`, k, FINDING_KINDS));
    expect = {
      ...(e.verdict !== undefined ? { verdict: e.verdict as 'pass' } : {}),
      ...(Array.isArray(kinds) ? { findings: kinds as FindingKind[] } : {}),
    };
  }
  const seed = overrides.seed ?? raw.seed;
  if (seed !== undefined)
    errors.whole(overrides.seed !== undefined ? '--seed' : 'seed', seed, 0, LIMITS.maxSeed);
  if (errors.list.length > 0 || load === undefined) return { ok: false, errors: errors.list };
  return {
    ok: true,
    scenario: {
      name: raw.name as string,
      description: (raw.description as string).trim(),
      target,
      journey,
      load,
      faults,
      thresholds,
      check: {
        loginPath: journey.loginPage,
        sessionCookie: journey.sessionCookie,
        ...(journey.write?.semantics !== undefined ? { dataSemantics: journey.write.semantics } : {}),
        ...(target.kind === 'url' && target.nodeCount ? { nodes: target.nodeCount } : {}),
        ...check,
      },
      probeEveryMs,
      expect,
      seed: seed as number | undefined,
    },
  };
}
