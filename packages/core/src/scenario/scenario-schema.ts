import { FINDING_KINDS } from '../checkers/finding.ts';
import { DEFAULT_CHECK_OPTIONS } from '../checkers/options.ts';
import { FAULT_ROLES, NAMED_SELECTORS, SCENARIO_FAULT_ACTIONS } from '../faults/fault-spec.ts';
import { DURATION_PATTERN } from './duration.ts';
import { JAR_LIFETIMES, MAX_BODY_BYTES_RANGE } from './journey.ts';
import { LIMITS } from './limits.ts';
import { LOAD_MODELS, OPEN_ARRIVALS } from './load.ts';
import { GATE_KEYS, SCOPES } from './resolve-gate.ts';
import {
  FAULT_KEYS,
  COMPOSE_TARGET_KEYS,
  FAULT_TARGET_KEYS,
  LOAD_KEYS,
  TOP_KEYS,
  VERDICTS,
} from './scenario-keys.ts';
import { JOURNEY_KEYS } from './validate-journey.ts';

/** A JSON Schema (draft 2020-12) node: plain data, as written to scenario.schema.json. */
export type JsonSchema = { [key: string]: unknown };

/** Where the published schema lives, for `$id` and the `# yaml-language-server: $schema=` line. */
export const SCENARIO_SCHEMA_URL = 'https://unpkg.com/@sessionchaos/core/schema/scenario.schema.json';

const closed = (keys: readonly string[], properties: Record<string, JsonSchema>, more: JsonSchema = {}) => ({
  type: 'object',
  // Every field the validator knows is listed, so an editor completes it; anything else is an error, as in `validate`.
  properties: Object.fromEntries(keys.map((k) => [k, properties[k] ?? {}])),
  additionalProperties: false,
  ...more,
});
const duration: JsonSchema = {
  anyOf: [
    { type: 'number', minimum: 0, maximum: LIMITS.maxDurationMs },
    { type: 'string', pattern: DURATION_PATTERN.source },
  ],
  description: 'milliseconds, or a string such as 500ms, 30s, 2m, 1h',
};
const whole = (minimum: number, maximum?: number): JsonSchema => ({
  type: 'integer',
  minimum,
  ...(maximum === undefined ? {} : { maximum }),
});
const share: JsonSchema = { type: 'number', minimum: 0, maximum: 1 };
const finding: JsonSchema = { enum: [...FINDING_KINDS] };

function gateSchema(): JsonSchema {
  const common = { scope: { enum: [...SCOPES] }, name: { type: 'string' } };
  return {
    type: 'array',
    items: {
      oneOf: [
        closed(
          GATE_KEYS.finding,
          { ...common, finding, max: { type: 'number', minimum: 0 }, maxRate: share },
          {
            required: ['finding'],
          },
        ),
        closed(
          GATE_KEYS.latency,
          {
            ...common,
            latency: { type: ['string', 'number'], pattern: '^[pP]?\\d+(\\.\\d+)?$' },
            max: duration,
          },
          { required: ['latency', 'max'] },
        ),
        closed(GATE_KEYS.errorRate, { ...common, errorRate: share }, { required: ['errorRate'] }),
      ],
    },
  };
}

function faultSchema(): JsonSchema {
  const target = {
    anyOf: [
      { enum: [...FAULT_ROLES] },
      closed(FAULT_TARGET_KEYS, {
        role: { enum: [...FAULT_ROLES] },
        container: { type: 'string' },
        label: { type: 'string' },
        compose: closed(
          COMPOSE_TARGET_KEYS,
          { project: { type: 'string', minLength: 1 }, service: { type: 'string', minLength: 1 } },
          { required: ['project', 'service'] },
        ),
      }),
    ],
  };
  const select = {
    anyOf: [
      { enum: [...NAMED_SELECTORS] },
      closed(
        ['percent'],
        { percent: { type: 'number', exclusiveMinimum: 0, maximum: 100 } },
        { required: ['percent'] },
      ),
      closed(['name'], { name: { type: 'string' } }, { required: ['name'] }),
    ],
  };
  return closed(
    FAULT_KEYS,
    {
      id: { type: 'string' },
      action: { enum: [...SCENARIO_FAULT_ACTIONS] },
      target,
      select,
      at: duration,
      duration,
      every: duration,
      times: whole(1, LIMITS.maxFaultTimes),
      params: { type: 'object' },
      required: { type: 'boolean' },
    },
    { required: ['action', 'at'] },
  );
}

function loadSchema(): JsonSchema {
  const think = {
    anyOf: [duration, closed(['min', 'max'], { min: duration, max: duration }, { required: ['min', 'max'] })],
  };
  return closed(LOAD_KEYS, {
    model: { enum: [...LOAD_MODELS] },
    users: whole(1, LIMITS.maxUsers),
    maxUsers: whole(1, LIMITS.maxUsers),
    duration,
    iterations: whole(1, LIMITS.maxIterations),
    think,
    rampUp: duration,
    rampDown: duration,
    rate: { type: 'number', minimum: LIMITS.minRate, maximum: LIMITS.maxRate },
    arrivals: { enum: [...OPEN_ARRIVALS] },
    grace: duration,
  });
}

function targetSchema(): JsonSchema {
  const journey = closed(JOURNEY_KEYS, {
    maxHops: whole(1, 100),
    maxBodyBytes: whole(MAX_BODY_BYTES_RANGE.min, MAX_BODY_BYTES_RANGE.max),
    jarLifetime: { enum: [...JAR_LIFETIMES] },
    logoutChance: share,
  });
  const nodes = {
    anyOf: [
      whole(1, LIMITS.maxTargetNodes),
      {
        type: 'array',
        items: { type: 'string', pattern: '^https?://' },
        minItems: 1,
        maxItems: LIMITS.maxTargetNodes,
      },
    ],
  };
  return {
    oneOf: [
      // The lab's own fields (strategy, nodes, ...) are checked by the lab package, which core cannot import.
      closed(
        ['lab'],
        { lab: { type: 'object', required: ['strategy'], properties: { strategy: { type: 'string' } } } },
        {
          required: ['lab'],
        },
      ),
      closed(
        ['url', 'nodes', 'journey'],
        { url: { type: 'string', pattern: '^https?://' }, nodes, journey },
        {
          required: ['url'],
        },
      ),
    ],
  };
}

function checkSchema(): JsonSchema {
  // Duration options end in Ms in the code and are written without it (afterFault: 10s); both spellings work.
  const properties: Record<string, JsonSchema> = {};
  for (const [key, value] of Object.entries(DEFAULT_CHECK_OPTIONS)) {
    if (key.endsWith('Ms')) properties[key] = properties[key.slice(0, -2)] = duration;
    else if (typeof value === 'string') properties[key] = { type: 'string' };
    else properties[key] = key === 'minLoggedIn' ? share : { type: 'number', minimum: 0 };
  }
  return closed(Object.keys(properties), properties);
}

/**
 * The JSON Schema of a scenario file, built from the constants the validator itself checks against (field
 * lists, enums, limits), so an editor and `sessionchaos validate` cannot disagree on a name. The validator
 * stays the authority on what a schema cannot say (a journey's templates, a fault's params per action).
 */
export function scenarioJsonSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCENARIO_SCHEMA_URL,
    title: 'sessionchaos scenario',
    description: 'A sessionchaos scenario: target, load, faults and the gate that judges the run.',
    ...closed(
      TOP_KEYS,
      {
        name: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]*$' },
        description: { type: 'string', minLength: 1 },
        target: targetSchema(),
        load: loadSchema(),
        faults: { type: 'array', items: faultSchema(), maxItems: LIMITS.maxFaults },
        gate: gateSchema(),
        check: checkSchema(),
        probes: closed(['every'], { every: { anyOf: [duration, { const: false }] } }),
        expect: closed(['verdict', 'findings'], {
          verdict: { enum: [...VERDICTS] },
          findings: { type: 'array', items: finding },
        }),
        seed: whole(0, LIMITS.maxSeed),
      },
      { required: ['name', 'description', 'target', 'load'] },
    ),
  };
}
