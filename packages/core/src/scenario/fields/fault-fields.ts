import {
  FAILOVER_HOWS,
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

const seconds = (description: string): Field => ({
  type: 'number',
  description,
  example: 5,
  schema: { type: 'number', minimum: 0 },
});

/** `params`: what some actions take (each field says which). */
export const FAULT_PARAM_FIELDS = {
  graceSeconds: { ...seconds('`stop` and `restart`: seconds between SIGTERM and SIGKILL.'), default: 10 },
  lossPercent: {
    type: 'number 0..100',
    description: '`loss`: share of packets dropped (required, above 0).',
    example: 30,
    schema: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
  },
  latencyMs: {
    type: 'number ms',
    description: '`latency`: delay added (required, above 0).',
    example: 200,
    schema: { type: 'number', exclusiveMinimum: 0, maximum: LIMITS.maxDurationMs },
  },
  ports: {
    type: 'list of TCP ports',
    description:
      "`partition`: cut only these ports, both ways, instead of every network (Tomcat's replication port 4000 cuts a node from its peers while the balancer still reaches it).",
    example: [4000],
    schema: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 1, maximum: 65535 } },
  },
  from: name(
    '`partition` of a Compose target: cut the replica only from the other replicas of its service (`peers`) or from the containers of another service of the project (its name), both ways; the rest of its traffic flows.',
    'peers',
  ),
  how: {
    ...oneOf(FAILOVER_HOWS),
    description:
      '`failover`: how the Redis primary is taken down: kill its container, ask Sentinel, or stall it (CLIENT PAUSE, DEBUG SLEEP).',
    example: 'sentinel',
    default: 'kill',
  },
  command: name(
    '`exec` (required): the shell command that injects the fault (needs --allow-exec); SESSIONCHAOS_FAULT names the occurrence.',
    'docker compose -p shop kill web-2',
  ),
  healCommand: name('`exec`: the shell command that heals it.', 'docker compose -p shop up -d web-2'),
  // The defaults live in the faults package (exec-driver.ts, redis-driver.ts), which core cannot import.
  timeout: {
    ...duration(
      '`exec`: how long each command may take; `failover`: how long to wait for the election.',
      '30s',
    ),
    defaultText: '`60s` for exec, `30s` for failover',
  },
  confirm: name(
    "`exec`: a command run after the hook until it exits 0 (or confirmTimeout runs out); exit 0 confirms the effect. Absent: the hook's own exit 0 confirms it.",
    'kubectl get pod web-0 | grep Terminating',
  ),
  confirmTimeout: duration('`exec`: how long `confirm` is retried.', '30s', 10_000),
} satisfies Record<keyof NonNullable<FaultInput['params']>, Field>;

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
      'What the fault does. `pause`, `partition`, `latency` and `loss` last until healed; `exec` runs a shell hook.',
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
