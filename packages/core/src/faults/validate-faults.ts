import {
  FAILOVER_HOWS,
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
/** What the user allowed for this run; faults that reach beyond the lab need it (a scenario can come from anywhere). */
export interface FaultPermissions {
  /** `--allow-exec`: shell hooks may run. */
  exec?: boolean;
  /** `--allow-external`: faults may touch containers the project did not start (by name or label). */
  external?: boolean;
}

const LASTING = new Set(['pause', 'partition', 'latency', 'loss']);

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
    if (!SCENARIO_FAULT_ACTIONS.includes(spec.action)) {
      err(
        'action',
        `unknown fault action "${spec.action}". Valid actions: ${SCENARIO_FAULT_ACTIONS.join(', ')}`,
      );
    }
    const t = spec.target ?? {};
    const kinds = [t.role, t.container, t.label, t.compose].filter((v) => v !== undefined).length;
    if (spec.action !== 'exec' && kinds !== 1) {
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
    const p = spec.params ?? {};
    if (
      spec.action === 'loss' &&
      !(p.lossPercent !== undefined && p.lossPercent > 0 && p.lossPercent <= 100)
    ) {
      err('params.lossPercent', 'loss needs params.lossPercent above 0 and at most 100');
    }
    if (
      spec.action === 'latency' &&
      !(p.latencyMs !== undefined && p.latencyMs > 0 && p.latencyMs <= LIMITS.maxDurationMs)
    ) {
      err('params.latencyMs', 'latency needs params.latencyMs above 0 and at most 7 days');
    }
    if (p.from !== undefined) {
      if (spec.action !== 'partition' || t.compose === undefined)
        err('params.from', 'from applies only to a partition of a compose target');
      else if (typeof p.from !== 'string' || p.from === '')
        err(
          'params.from',
          'from must be "peers" (the other replicas) or the name of a service of the project',
        );
      else if (p.ports !== undefined) err('params.from', 'give params.from or params.ports, not both');
    }
    if (p.ports !== undefined) {
      if (spec.action !== 'partition') err('params.ports', 'ports apply only to partition');
      else if (
        !Array.isArray(p.ports) ||
        p.ports.length === 0 ||
        !p.ports.every((port) => Number.isInteger(port) && port >= 1 && port <= 65535)
      )
        err('params.ports', 'partition ports must be a list of TCP ports, 1 to 65535 (e.g. [4000])');
    }
    if (spec.required !== undefined && typeof spec.required !== 'boolean')
      err('required', `required must be true or false, got ${JSON.stringify(spec.required)}`);
    if (p.confirm !== undefined) {
      if (spec.action !== 'exec') err('params.confirm', 'confirm applies only to exec (a shell command)');
      else if (typeof p.confirm !== 'string' || p.confirm.trim() === '')
        err('params.confirm', 'confirm must be a shell command whose exit 0 confirms the effect');
    }
    if (
      p.confirmTimeoutMs !== undefined &&
      !(p.confirmTimeoutMs > 0 && p.confirmTimeoutMs <= LIMITS.maxDurationMs)
    )
      err('params.confirmTimeout', 'confirmTimeout must be above 0 and at most 7 days (e.g. 10s)');
    if (spec.action === 'exec') {
      if (!p.command) err('params.command', 'exec needs params.command (a shell command)');
      if (!allowed.exec) err('', 'runs a shell command; allow shell hooks for this run with --allow-exec');
    }
    if (p.how !== undefined && !(FAILOVER_HOWS as readonly string[]).includes(p.how)) {
      err('params.how', `unknown failover method "${p.how}". Valid methods: ${FAILOVER_HOWS.join(', ')}`);
    }
    if (spec.action === 'failover' && t.role !== undefined && t.role !== 'redis-primary') {
      err('target.role', 'failover acts on the Redis primary; use target.role redis-primary');
    }
    if (LASTING.has(spec.action) && spec.duration === undefined && spec.every !== undefined) {
      err(
        'duration',
        `a repeated ${spec.action} needs a duration, or it would never heal before the next one`,
      );
    }
  });
  return errors;
}
