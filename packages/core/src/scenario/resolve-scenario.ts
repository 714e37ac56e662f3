import { FINDING_KINDS, type FindingKind } from '../checkers/finding.ts';
import { DEFAULT_CHECK_OPTIONS, type CheckOptions } from '../checkers/options.ts';
import { FAULT_ROLES, type FaultSpec, type FaultTarget } from '../faults/fault-spec.ts';
import { validateFaults, type FaultPermissions } from '../faults/validate-faults.ts';
import { DEFAULT_THRESHOLDS } from '../gate/threshold.ts';
import { DEFAULT_JOURNEY, URL_JOURNEY_BASE, type JourneySpec } from './journey.ts';
import { labJourney } from './lab-journey.ts';
import { formatDuration } from './duration.ts';
import { validateLoad, type LoadSpec } from './load.ts';
import { resolveGate } from './resolve-gate.ts';
import { LIMITS, durationWords } from './limits.ts';
import { durationAt, unknownKeys } from './spec-fields.ts';
import type { Scenario, ScenarioInput, ScenarioOverrides } from './scenario.ts';
import { SpecErrors, type SpecError } from './spec-error.ts';
import { validateJourney } from './validate-journey.ts';

/** Every top-level field of a scenario. */
export const TOP_KEYS = [
  'name',
  'description',
  'target',
  'load',
  'faults',
  'gate',
  'check',
  'probes',
  'expect',
  'seed',
];
/** Every field of `load`. */
export const LOAD_KEYS = [
  'model',
  'users',
  'duration',
  'iterations',
  'think',
  'rampUp',
  'rampDown',
  'rate',
  'maxUsers',
  'arrivals',
  'grace',
];
/** Every field of a fault. */
export const FAULT_KEYS = [
  'id',
  'action',
  'target',
  'select',
  'at',
  'duration',
  'every',
  'times',
  'params',
  'required',
];
/** The verdicts `expect.verdict` may name. */
export const VERDICTS = ['pass', 'fail', 'unknown'];
/** Fields of a fault's target written as an object. */
export const FAULT_TARGET_KEYS = ['role', 'container', 'label'];
/** Default pause between two probe rounds. */
export const DEFAULT_PROBE_EVERY_MS = 5_000;

/** The outcome of {@link resolveScenario}: the scenario, or every error at once. */
export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; errors: SpecError[] };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resolveLoad(errors: SpecErrors, raw: unknown, o: ScenarioOverrides): LoadSpec | undefined {
  if (!isObject(raw)) {
    errors.add(
      'load',
      'is required: {users: 20, duration: 30s} (closed) or {model: open, rate: 50, maxUsers: 100, duration: 30s}',
    );
    return undefined;
  }
  unknownKeys(errors, 'load', raw, LOAD_KEYS);
  const durationMs = o.durationMs ?? durationAt(errors, 'load.duration', raw.duration);
  const t = raw.think;
  const thinkMs = isObject(t)
    ? {
        min: durationAt(errors, 'load.think.min', t.min) ?? 0,
        max: durationAt(errors, 'load.think.max', t.max) ?? 0,
      }
    : (durationAt(errors, 'load.think', t) ?? 0);
  const graceMs = durationAt(errors, 'load.grace', raw.grace);
  const grace = graceMs !== undefined ? { graceMs } : {};
  let load: LoadSpec;
  if ((raw.model ?? 'closed') === 'open') {
    load = {
      model: 'open',
      ratePerSec: raw.rate as number,
      maxVus: o.users ?? (raw.maxUsers as number),
      durationMs: durationMs as number,
      thinkMs,
      ...(raw.arrivals !== undefined ? { arrivals: raw.arrivals as 'users' } : {}),
      ...grace,
    };
  } else {
    load = {
      model: raw.model === undefined ? 'closed' : (raw.model as 'closed'),
      vus: o.users ?? (raw.users as number),
      thinkMs,
      rampUpMs: durationAt(errors, 'load.rampUp', raw.rampUp) ?? 0,
      rampDownMs: durationAt(errors, 'load.rampDown', raw.rampDown) ?? 0,
      ...(durationMs !== undefined ? { durationMs } : {}),
      ...(raw.iterations !== undefined ? { iterations: raw.iterations as number } : {}),
      ...grace,
    };
  }
  const badDuration = raw.duration !== undefined && durationMs === undefined;
  for (const e of validateLoad(load)) {
    // A duration that did not parse is already reported; "needs a duration" would say it twice.
    if (badDuration && /durationMs/.test(e.message + e.path)) continue;
    // Report under the names the file uses, not the internal ones.
    const path = e.path
      .replace('load.vus', 'load.users')
      .replace('load.maxVus', 'load.maxUsers')
      .replace('load.ratePerSec', 'load.rate')
      .replace('load.durationMs', 'load.duration')
      .replace(/Ms$/, '');
    errors.add(path, e.message.replace('durationMs', 'duration'));
  }
  return load;
}

function resolveFault(errors: SpecErrors, raw: unknown, i: number): FaultSpec | undefined {
  const at = `faults[${i}]`;
  if (!isObject(raw)) {
    errors.add(at, 'must be an object: {id, action, target, at, duration}');
    return undefined;
  }
  unknownKeys(errors, at, raw, FAULT_KEYS);
  let target: FaultTarget = {};
  if (typeof raw.target === 'string') {
    // An unknown role is reported by validateFaults, with the valid ones.
    target = { role: raw.target as FaultTarget['role'] };
  } else if (isObject(raw.target)) {
    unknownKeys(errors, `${at}.target`, raw.target, FAULT_TARGET_KEYS);
    target = raw.target as FaultTarget;
  } else if (raw.target !== undefined) {
    errors.add(`${at}.target`, `must be a role (${FAULT_ROLES.join(', ')}) or {role|container|label}`);
  }
  const params = isObject(raw.params) ? { ...raw.params } : undefined;
  if (params && 'timeout' in params) {
    const ms = durationAt(errors, `${at}.params.timeout`, params.timeout);
    delete params.timeout;
    if (ms !== undefined) params.timeoutMs = ms;
  }
  if (params && 'confirmTimeout' in params) {
    const ms = durationAt(errors, `${at}.params.confirmTimeout`, params.confirmTimeout);
    delete params.confirmTimeout;
    if (ms !== undefined) params.confirmTimeoutMs = ms;
  }
  // Without an id a fault is named for its action and place: the second fault, a kill, is `kill-2`.
  const id = raw.id === undefined && typeof raw.action === 'string' ? `${raw.action}-${i + 1}` : raw.id;
  const spec: FaultSpec = {
    id: id as string,
    action: raw.action as FaultSpec['action'],
    target,
    at: durationAt(errors, `${at}.at`, raw.at) ?? (raw.at === undefined ? Number.NaN : 0),
  };
  const duration = durationAt(errors, `${at}.duration`, raw.duration);
  const every = durationAt(errors, `${at}.every`, raw.every);
  if (raw.select !== undefined) spec.select = raw.select as FaultSpec['select'];
  if (duration !== undefined) spec.duration = duration;
  if (every !== undefined) spec.every = every;
  if (raw.times !== undefined) spec.times = raw.times as number;
  if (params) spec.params = params as FaultSpec['params'];
  // Checked by validateFaults, which says what a non-boolean should be.
  if (raw.required !== undefined) spec.required = raw.required as boolean;
  return spec;
}

// Checker options that are shares of a whole, 0..1.
const SHARES: ReadonlySet<string> = new Set(['minLoggedIn']);

function resolveCheck(errors: SpecErrors, raw: unknown): CheckOptions {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    errors.add('check', 'must be an object of checker options (e.g. {afterFault: 10s})');
    return {};
  }
  const valid = Object.keys(DEFAULT_CHECK_OPTIONS);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = valid.includes(key) ? key : valid.includes(`${key}Ms`) ? `${key}Ms` : undefined;
    if (name === undefined) {
      const shown = valid.map((k) => k.replace(/Ms$/, ''));
      errors.add(`check.${key}`, `unknown checker option "${key}". Valid options: ${shown.join(', ')}`);
    } else if (name.endsWith('Ms')) {
      out[name] = durationAt(errors, `check.${key}`, value);
    } else if (typeof DEFAULT_CHECK_OPTIONS[name as keyof CheckOptions] === 'string') {
      if (typeof value !== 'string') errors.add(`check.${key}`, 'must be a string');
      out[name] = value;
    } else if (errors.number(`check.${key}`, value, 0, SHARES.has(name) ? 1 : undefined)) {
      out[name] = value;
    }
  }
  return out as CheckOptions;
}

/** `target.nodes`: a count, or the nodes' own http(s) URLs (the logout probe sends to each). */
function resolveNodes(errors: SpecErrors, nodes: unknown): [string[], number | undefined] {
  if (nodes === undefined) return [[], undefined];
  if (!Array.isArray(nodes)) {
    if (errors.whole('target.nodes', nodes, 1, LIMITS.maxTargetNodes)) return [[], nodes as number];
    return [[], undefined];
  }
  if (nodes.length === 0 || nodes.length > LIMITS.maxTargetNodes) {
    errors.add('target.nodes', `must list between 1 and ${LIMITS.maxTargetNodes} node URLs`);
    return [[], undefined];
  }
  const urls: string[] = [];
  nodes.forEach((n: unknown, i) => {
    if (typeof n === 'string' && isHttpUrl(n)) urls.push(n);
    else
      errors.add(
        `target.nodes[${i}]`,
        `${JSON.stringify(n)} is not an http(s) URL of a node (e.g. http://10.0.0.5:8080)`,
      );
  });
  return [urls, nodes.length];
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function resolveTarget(
  errors: SpecErrors,
  raw: unknown,
  o: ScenarioOverrides,
): [Scenario['target'], JourneySpec] {
  const journeyOf = (j: unknown, url: string | undefined): JourneySpec => {
    // No journey: the target speaks the lab app's contract (a lab started elsewhere, or an app like it).
    if (j === undefined) return DEFAULT_JOURNEY;
    if (!isObject(j)) {
      errors.add('target.journey', 'must be an object (see the target contract in the README)');
      return DEFAULT_JOURNEY;
    }
    // A journey written out is taken as written: roles it leaves out are off, never the lab's paths.
    const journey = { ...URL_JOURNEY_BASE, ...j } as JourneySpec;
    let origin: string | undefined;
    try {
      origin = url === undefined ? undefined : new URL(url).origin;
    } catch {
      origin = undefined;
    }
    for (const e of validateJourney(journey, 'target.journey', origin)) errors.add(e.path, e.message);
    return journey;
  };
  const t = isObject(raw) ? raw : {};
  if (!isObject(raw))
    errors.add('target', 'is required: {lab: {strategy: memory}} or {url: http://127.0.0.1:8080}');
  else if ((raw.lab === undefined) === (raw.url === undefined) && o.target === undefined)
    errors.add('target', 'give exactly one of target.lab (the built-in lab) or target.url (any cluster)');
  if (isObject(raw))
    unknownKeys(errors, 'target', raw, raw.lab !== undefined ? ['lab'] : ['url', 'nodes', 'journey']);
  const url = o.target ?? (t.url as string | undefined);
  if (url === undefined && isObject(t.lab)) {
    if (typeof t.lab.strategy !== 'string')
      errors.add(
        'target.lab.strategy',
        'is required: memory, sticky, replicated, redis, jwt, tomcat or memcached',
      );
    // The lab strategy speaks its own journey (the tomcat strategy logs in through Tomcat's FORM login).
    return [{ kind: 'lab', lab: t.lab as { strategy: string } }, labJourney(String(t.lab.strategy))];
  }
  if (url !== undefined && (typeof url !== 'string' || !isHttpUrl(url)))
    errors.add(
      o.target !== undefined ? '--target' : 'target.url',
      `${JSON.stringify(url)} is not an http(s) URL (e.g. http://127.0.0.1:8080)`,
    );
  const [nodeUrls, nodeCount] = resolveNodes(errors, t.nodes);
  return [{ kind: 'url', url: url ?? '', nodeUrls, nodeCount }, journeyOf(t.journey, url)];
}

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
  const faultsRaw = raw.faults ?? [];
  const faults: FaultSpec[] = [];
  if (!Array.isArray(faultsRaw)) errors.add('faults', 'must be a list of faults');
  else if (faultsRaw.length > LIMITS.maxFaults)
    errors.add('faults', `lists ${faultsRaw.length} faults; at most ${LIMITS.maxFaults} are allowed`);
  else
    faultsRaw.forEach((f, i) => {
      const spec = resolveFault(errors, f, i);
      if (spec) faults.push(spec);
    });
  for (const e of validateFaults(faults, allowed)) errors.add(e.path, e.message);
  const endMs = load?.durationMs;
  if (endMs !== undefined)
    faults.forEach((f, i) => {
      // A fault that starts once the traffic has ended would never run: say so rather than skip it.
      if (Number.isFinite(f.at) && f.at >= endMs)
        errors.add(
          `faults[${i}].at`,
          `starts at ${formatDuration(f.at)}, when the load has ended (${formatDuration(endMs)}): it would never run. ` +
            'Start it earlier, or lengthen load.duration (or --duration)',
        );
    });
  if (target.kind === 'url') {
    faults.forEach((f, i) => {
      if (f.target.role !== undefined && f.target.role !== 'app')
        errors.add(
          `faults[${i}].target.role`,
          `role "${f.target.role}" exists only on the lab; against a URL target, name a container or label (with --allow-external) or use an exec hook`,
        );
      else if (f.target.role === 'app')
        errors.add(
          `faults[${i}].target.role`,
          'role "app" resolves on the lab only; against a URL target, name a container or label (with --allow-external) or use an exec hook',
        );
    });
  }
  const thresholds = raw.gate === undefined ? [...DEFAULT_THRESHOLDS] : resolveGate(errors, raw.gate);
  const check = resolveCheck(errors, raw.check);
  let probeEveryMs: number | null = DEFAULT_PROBE_EVERY_MS;
  if (raw.probes !== undefined) {
    if (!isObject(raw.probes)) errors.add('probes', 'must be {every: 5s} or {every: false}');
    else {
      unknownKeys(errors, 'probes', raw.probes, ['every']);
      probeEveryMs = raw.probes.every === false ? null : probeEvery(errors, raw.probes.every);
    }
  }
  let expect: Scenario['expect'];
  if (raw.expect !== undefined) {
    const e = isObject(raw.expect) ? raw.expect : {};
    if (!isObject(raw.expect)) errors.add('expect', 'must be {verdict, findings}');
    unknownKeys(errors, 'expect', e, ['verdict', 'findings']);
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
