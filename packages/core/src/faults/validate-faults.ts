import {
  FAULT_ROLES,
  NAMED_SELECTORS,
  namesContainers,
  SCENARIO_FAULT_ACTIONS,
  type FaultSpec,
  type FaultSpecError,
} from './fault-spec.ts';

import { FAULT_SELECT_FIELDS } from '../scenario/fields/fault-fields.ts';
import { LIMITS } from '../scenario/limits.ts';
import { composeTargetErrors } from './compose-target.ts';
import { faultActionDef } from './actions/registry.ts';
import type { ParamInputName } from './actions/fault-action.ts';
/** What the user allowed for this run; faults that reach beyond the lab need it (a scenario can come from anywhere). */
export interface FaultPermissions {
  /** `--allow-exec`: shell hooks may run. */
  exec?: boolean;
  /** `--allow-external`: faults may touch containers the project did not start (by name or label). */
  external?: boolean;
}

/** A resolved param's name as the scenario wrote it (`timeoutMs` was `timeout`). */
function inputName(key: string): string {
  const names: Record<string, ParamInputName<'timeoutMs' | 'confirmTimeoutMs'>> = {
    timeoutMs: 'timeout',
    confirmTimeoutMs: 'confirmTimeout',
  };
  return names[key] ?? key;
}

/** The actions that take a param (by its written name), for the message of one given to another action. */
function ownersOf(param: string): string[] {
  return SCENARIO_FAULT_ACTIONS.filter((a) => Object.hasOwn(faultActionDef(a)?.params ?? {}, param));
}

/** `{percent: N}` or `{name: NAME}`, exactly one key (their values are checked apart). */
function isSelectorObject(v: unknown): v is { percent: unknown } | { name: unknown } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && Object.hasOwn(FAULT_SELECT_FIELDS, keys[0]!);
}

/** Checks fault specs and returns every problem at once (empty when all is well). */
export function validateFaults(
  specs: readonly FaultSpec[],
  allowed: FaultPermissions = {},
): FaultSpecError[] {
  const errors: FaultSpecError[] = [];
  const ids = new Set<string>();
  specs.forEach((spec, i) => {
    const at = (field: string): string => `faults[${i}]${field ? `.${field}` : ''}`;
    const err = (field: string, message: string): number => errors.push({ path: at(field), message });
    if (!spec.id || !/^[a-z0-9][a-z0-9._-]*$/i.test(spec.id))
      err('id', `id "${spec.id ?? ''}" must be letters, digits, ".", "_" or "-"`);
    else if (ids.has(spec.id)) err('id', `id "${spec.id}" is used twice; fault ids must be unique`);
    ids.add(spec.id);
    const def = faultActionDef(spec.action);
    if (!def) {
      err(
        'action',
        `unknown fault action "${spec.action}". Valid actions: ${SCENARIO_FAULT_ACTIONS.join(', ')}`,
      );
    }
    const t = spec.target ?? {};
    const kinds = [t.role, t.container, t.label, t.compose].filter((v) => v !== undefined).length;
    if (def?.needsTarget !== false && kinds !== 1) {
      err('target', 'give exactly one of target.role, target.container, target.label or target.compose');
    }
    if (t.compose !== undefined) for (const e of composeTargetErrors(t.compose)) err(e.field, e.message);
    if (t.role !== undefined && !(FAULT_ROLES as readonly string[]).includes(t.role)) {
      err('target.role', `unknown role "${t.role}". Valid roles: ${FAULT_ROLES.join(', ')}`);
    }
    if (t.label !== undefined && !/^[^=\s]+=[^\s]*$/.test(t.label))
      err('target.label', `label "${t.label}" must be key=value`);
    if (namesContainers(t) && !allowed.external) {
      err(
        'target',
        'targets a container the project did not start; allow it for this run with --allow-external',
      );
    }
    const sel = spec.select as unknown;
    const selectors = 'Valid selectors: one, all, busiest, {percent: N}, {name: NAME}';
    if (typeof sel === 'string' && !(NAMED_SELECTORS as readonly string[]).includes(sel)) {
      err('select', `unknown selector "${sel}". ${selectors}`);
    } else if (sel !== undefined && typeof sel !== 'string' && !isSelectorObject(sel)) {
      // YAML's `select:` with nothing after it is null: a value the file gave, so it is judged.
      err('select', `select must be a selector, got ${JSON.stringify(sel) ?? String(sel)}. ${selectors}`);
    } else if (
      isSelectorObject(sel) &&
      'percent' in sel &&
      !(Number(sel.percent) > 0 && Number(sel.percent) <= 100)
    ) {
      err('select.percent', `percent must be above 0 and at most 100, got ${String(sel.percent)}`);
    } else if (isSelectorObject(sel) && 'name' in sel && (typeof sel.name !== 'string' || sel.name === '')) {
      err(
        'select.name',
        `name must be a node's name such as app-2, got ${JSON.stringify(sel.name) ?? String(sel.name)}`,
      );
    }
    if (sel === 'busiest' && t.role !== undefined && t.role !== 'app') {
      err('select', '"busiest" picks among app nodes by live sessions; use it with target.role app');
    }
    if (!(Number.isFinite(spec.at) && spec.at >= 0))
      err('at', `at must be a time from the run's start, got ${spec.at}`);
    if (spec.duration !== undefined && !(spec.duration > 0))
      err('duration', `duration must be above 0, got ${spec.duration}`);
    // A repeat faster than a second would inject faster than any cluster reacts, and floods the history.
    if (spec.every !== undefined && !(spec.every >= 1000))
      err('every', `every must be at least 1s (and at most 7d), got ${spec.every} ms`);
    if (spec.every !== undefined && spec.duration !== undefined && spec.duration >= spec.every) {
      err(
        'duration',
        `duration (${spec.duration} ms) must be shorter than every (${spec.every} ms) so occurrences do not overlap`,
      );
    }
    if (
      spec.times !== undefined &&
      !(Number.isInteger(spec.times) && spec.times >= 1 && spec.times <= LIMITS.maxFaultTimes)
    )
      err('times', `times must be a whole number between 1 and ${LIMITS.maxFaultTimes}`);
    if (spec.required !== undefined && typeof spec.required !== 'boolean')
      err('required', `required must be true or false, got ${JSON.stringify(spec.required)}`);
    const p = spec.params ?? {};
    // A param of another action would be ignored: say whose it is.
    // (A param no action takes is an unknown field, which the scenario's resolver reports.)
    for (const key of Object.keys(p)) {
      const name = inputName(key);
      if (def && !Object.hasOwn(def.params, name) && ownersOf(name).length > 0)
        err(`params.${name}`, `${name} is a param of ${ownersOf(name).join(', ')}, not of ${def.name}`);
    }
    if (def?.roles && t.role !== undefined && !def.roles.includes(t.role))
      err(
        'target.role',
        `${def.name} acts on the ${def.roles.join(' or ')}; use target.role ${def.roles[0]}`,
      );
    def?.check?.({ params: p, target: t, allowExec: allowed.exec === true, err });
    if (def?.lasting === true && spec.duration === undefined && spec.every !== undefined) {
      err(
        'duration',
        `a repeated ${spec.action} needs a duration, or it would never heal before the next one`,
      );
    }
  });
  return errors;
}
