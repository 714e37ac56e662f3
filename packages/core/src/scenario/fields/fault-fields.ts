import { FAULT_ACTIONS } from '../../faults/actions/registry.ts';
import {
  FAULT_ROLES,
  NAMED_SELECTORS,
  SCENARIO_FAULT_ACTIONS,
  type ComposeTarget,
  type FaultTarget,
} from '../../faults/fault-spec.ts';
import { LIMITS } from '../limits.ts';
import type { FaultInput } from '../scenario.ts';
import { duration, objectSchema, oneOf, whole, type Field, type FieldTable } from './field.ts';

const name = (description: string, example: string): Field => ({
  type: 'string',
  description,
  example,
  schema: { type: 'string', minLength: 1 },
});

/** `target.compose`: a service of a Docker Compose project, whose replicas are the candidates. */
export const COMPOSE_TARGET_FIELDS = {
  project: {
    ...name('The Compose project, as `docker compose ls` names it.', 'shop'),
    required: true,
  },
  service: {
    ...name('The service whose replicas (`<service>-<number>`, e.g. web-2) are the candidates.', 'web'),
    required: true,
  },
} satisfies Record<keyof ComposeTarget, Field>;

/**
 * A fault's `target` written as an object: exactly one of these. A new kind of target is one line here (the
 * schema, the reference and the validator's list of fields follow) plus its check in validate-faults.ts.
 */
export const FAULT_TARGET_FIELDS = {
  role: {
    ...oneOf(FAULT_ROLES),
    description: 'A role of the lab (or of a cluster described by labels).',
    example: 'app',
  },
  container: name('A container by name (needs --allow-external).', 'shop-web-2'),
  label: {
    type: 'key=value',
    description: 'Containers by label (needs --allow-external).',
    example: 'com.example.role=web',
    schema: { type: 'string', pattern: '^[^=\\s]+=\\S*$' },
  },
  compose: {
    type: '{project, service}',
    description:
      'The replicas of a Docker Compose service, found by the labels Compose puts on them (needs --allow-external).',
    example: { project: 'shop', service: 'web' },
    fields: COMPOSE_TARGET_FIELDS,
  },
} satisfies Record<keyof FaultTarget, Field>;

/** `select` written as an object: exactly one of these. */
export const FAULT_SELECT_FIELDS = {
  percent: {
    type: 'number 0..100',
    description: 'This share of the candidates (above 0).',
    example: 50,
    schema: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
  },
  name: name('The node of this name.', 'app-2'),
} satisfies FieldTable;

/**
 * `params`: what some actions take (each field says which), gathered from the fault action registry: each action
 * declares its params' rows (packages/core/src/faults/actions/); a row two actions share is written once.
 */
export const FAULT_PARAM_FIELDS: Readonly<Record<keyof NonNullable<FaultInput['params']>, Field>> =
  Object.fromEntries(
    FAULT_ACTIONS.flatMap((a) => Object.entries(a.params) as [string, Field][]).filter(
      ([key], i, all) => all.findIndex(([k]) => k === key) === i,
    ),
  ) as Record<keyof NonNullable<FaultInput['params']>, Field>;

const lasting = FAULT_ACTIONS.filter((a) => a.lasting).map((a) => `\`${a.name}\``);

/** One fault of `faults:`: what, on what, when, for how long. */
export const FAULT_FIELDS = {
  id: {
    type: 'string',
    description: 'Names the fault in findings and reports; unique.',
    example: 'kill-busiest',
    defaultText: '`<action>-<n>` (the second fault, a kill, is kill-2)',
    schema: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]*$' },
  },
  action: {
    ...oneOf(SCENARIO_FAULT_ACTIONS),
    description:
      `What the fault does: ${FAULT_ACTIONS.map((a) => `\`${a.name}\`: ${a.summary}`).join(' ')} ` +
      `${lasting.slice(0, -1).join(', ')} and ${lasting.at(-1)} last until healed.`,
    example: 'kill',
    required: true,
  },
  target: {
    type: 'role, or object',
    description: "What the fault hits: a role name, or one of the object's fields. Optional for `exec`.",
    example: 'app',
    fields: FAULT_TARGET_FIELDS,
    schema: {
      anyOf: [
        { enum: [...FAULT_ROLES] },
        { ...objectSchema(FAULT_TARGET_FIELDS), minProperties: 1, maxProperties: 1 },
      ],
    },
  },
  select: {
    type: 'one, all, busiest, or object',
    description:
      "Which of the target's candidates are hit; `busiest` is the app node holding the most live sessions.",
    example: 'busiest',
    defaultText: '`one` (seeded)',
    fields: FAULT_SELECT_FIELDS,
    schema: {
      anyOf: [
        { enum: [...NAMED_SELECTORS] },
        { ...objectSchema(FAULT_SELECT_FIELDS), minProperties: 1, maxProperties: 1 },
      ],
    },
  },
  at: { ...duration("When it starts, from the run's start (before the load ends).", '10s'), required: true },
  duration: duration('Heal after this long; absent: lasting actions heal at the end of the run.', '5s'),
  every: duration('Repeat every this long (at least 1s) until the run ends or `times` occurrences.', '20s'),
  times: { ...whole(1, LIMITS.maxFaultTimes), description: 'Occurrences of a repeated fault.', example: 3 },
  params: {
    type: 'object',
    description: 'Parameters of the action.',
    example: { lossPercent: 30 },
    fields: FAULT_PARAM_FIELDS,
  },
  required: {
    type: 'boolean',
    description:
      'false: the run is judged even if this fault did not take effect (a best-effort hook); otherwise such a run is `unknown`.',
    example: false,
    default: true,
    schema: { type: 'boolean' },
  },
} satisfies Record<keyof FaultInput, Field>;
