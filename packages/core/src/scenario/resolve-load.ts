import { validateLoad, type LoadSpec } from './load.ts';
import { LOAD_KEYS } from './scenario-keys.ts';
import type { ScenarioOverrides } from './scenario.ts';
import type { SpecErrors } from './spec-error.ts';
import { durationAt, isObject, unknownKeys } from './spec-fields.ts';

/** `load`: the closed or open model with its durations parsed, errors under the names the file uses. */
export function resolveLoad(errors: SpecErrors, raw: unknown, o: ScenarioOverrides): LoadSpec | undefined {
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
