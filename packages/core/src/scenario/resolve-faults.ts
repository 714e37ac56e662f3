import { FAULT_ROLES, type FaultSpec, type FaultTarget } from '../faults/fault-spec.ts';
import { validateFaults, type FaultPermissions } from '../faults/validate-faults.ts';
import { formatDuration } from './duration.ts';
import { LIMITS } from './limits.ts';
import { COMPOSE_TARGET_KEYS, FAULT_KEYS, FAULT_PARAM_KEYS, FAULT_TARGET_KEYS } from './scenario-keys.ts';
import type { Scenario } from './scenario.ts';
import type { SpecErrors } from './spec-error.ts';
import { durationAt, isObject, unknownKeys } from './spec-fields.ts';

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
    if (isObject(raw.target.compose))
      unknownKeys(errors, `${at}.target.compose`, raw.target.compose, COMPOSE_TARGET_KEYS);
    target = raw.target as FaultTarget;
  } else if (raw.target !== undefined) {
    errors.add(
      `${at}.target`,
      `must be a role (${FAULT_ROLES.join(', ')}) or {role|container|label|compose}`,
    );
  }
  // A misspelt param (healComand) would otherwise be dropped, and the fault run without it.
  if (isObject(raw.params)) unknownKeys(errors, `${at}.params`, raw.params, FAULT_PARAM_KEYS);
  else if (raw.params !== undefined)
    errors.add(`${at}.params`, "must be an object of the action's parameters (e.g. {lossPercent: 30})");
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

/**
 * `faults`: each fault resolved and validated, then checked against the run: one that would start
 * after the load's end (`endMs`), or a lab role against a URL target, is an error.
 */
export function resolveFaults(
  errors: SpecErrors,
  faultsRaw: unknown,
  allowed: FaultPermissions,
  endMs: number | undefined,
  target: Scenario['target'],
): FaultSpec[] {
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
          `role "${f.target.role}" exists only on the lab; against a URL target, name a container, label or compose service (with --allow-external) or use an exec hook`,
        );
      else if (f.target.role === 'app')
        errors.add(
          `faults[${i}].target.role`,
          'role "app" resolves on the lab only; against a URL target, name a container, label or compose service (with --allow-external) or use an exec hook',
        );
    });
  }
  return faults;
}
