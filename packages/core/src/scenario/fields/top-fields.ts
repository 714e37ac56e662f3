import { FINDING_KINDS } from '../../checkers/finding.ts';
import { formatDuration } from '../duration.ts';
import { LIMITS } from '../limits.ts';
import type { ScenarioInput } from '../scenario.ts';
import { DURATION, objectSchema, oneOf, whole, type Field, type FieldTable } from './field.ts';
import { LOAD_FIELDS } from './load-fields.ts';
import { TARGET_LAB_FIELDS, TARGET_URL_FIELDS } from './target-fields.ts';
import { GATE_ITEM } from './gate-fields.ts';

/** Default pause between two probe rounds. */
export const DEFAULT_PROBE_EVERY_MS = 5_000;

/** The verdicts `expect.verdict` may name. */
export const VERDICTS = ['pass', 'fail', 'unknown'];

/** `probes`: the session probes run beside the load. */
export const PROBES_FIELDS = {
  every: {
    type: 'duration or false',
    description: `Pause between two probe rounds (${formatDuration(LIMITS.minProbeEveryMs)} to ${formatDuration(LIMITS.maxProbeEveryMs)}); false: no probes. A round sends concurrent writes on one session (lost-update), logs a session out and replays it on every node (logout-not-propagated; target.nodes URLs on a URL target) and checks that login replaces a session id set before it (session-fixation).`,
    example: '2s',
    default: formatDuration(DEFAULT_PROBE_EVERY_MS),
    schema: { anyOf: [DURATION, { const: false }] },
  },
} satisfies FieldTable;

/** `expect`: what the scenario demonstrates. */
export const EXPECT_FIELDS = {
  verdict: {
    ...oneOf(VERDICTS),
    description: 'The verdict the scenario should reach (printed beside the real one).',
    example: 'fail',
  },
  findings: {
    type: 'list of finding kinds',
    description: 'The findings it should show.',
    example: ['lost-session'],
    values: FINDING_KINDS,
    schema: { type: 'array', items: { enum: [...FINDING_KINDS] } },
  },
} satisfies FieldTable;

/** The top level of a scenario file. */
export const TOP_FIELDS = {
  name: {
    type: 'string',
    description: 'Names the run and its report: letters, digits, ".", "_" or "-".',
    example: 'redis-failover',
    required: true,
    schema: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]*$' },
  },
  description: {
    type: 'string',
    description: 'What the scenario demonstrates and the verdict to expect.',
    example: 'Kill the Redis primary under load; expect lost sessions.',
    required: true,
    schema: { type: 'string', minLength: 1 },
  },
  target: {
    type: '{lab} or {url, nodes, journey}',
    description: 'What the run is aimed at: the built-in lab, or any cluster by URL.',
    example: { url: 'http://127.0.0.1:8080', nodes: 3 },
    required: true,
    schema: { oneOf: [objectSchema(TARGET_LAB_FIELDS), objectSchema(TARGET_URL_FIELDS)] },
  },
  load: {
    type: 'object',
    description: 'The traffic: closed (users) or open (a rate).',
    example: { users: 30, duration: '25s', think: '200ms' },
    required: true,
    fields: LOAD_FIELDS,
  },
  faults: {
    type: 'list of faults',
    description: 'What happens to the cluster, and when.',
    example: [{ action: 'kill', target: 'app', select: 'busiest', at: '10s', duration: '5s' }],
    default: [],
    schema: { type: 'array', maxItems: LIMITS.maxFaults, items: { $ref: '#/$defs/fault' } },
  },
  gate: { ...GATE_ITEM, schema: { type: 'array', items: { $ref: '#/$defs/threshold' } } },
  check: {
    type: 'object',
    description: 'Checker options: how strict the checkers are and what they know of the target.',
    example: { afterFault: '4s' },
    schema: { $ref: '#/$defs/check' },
  },
  probes: {
    type: 'object',
    description: 'Session probes run beside the load (the top level, not under check).',
    example: { every: '2s' },
    default: { every: formatDuration(DEFAULT_PROBE_EVERY_MS) },
    fields: PROBES_FIELDS,
  },
  expect: {
    type: 'object',
    description:
      'What the scenario demonstrates: documentation and test assertions; it never changes the exit code.',
    example: { verdict: 'fail', findings: ['lost-session'] },
    fields: EXPECT_FIELDS,
  },
  seed: {
    ...whole(0, LIMITS.maxSeed),
    description: 'Seeds every random choice (victims, think times, logouts); `--seed` overrides it.',
    example: 42,
    defaultText: 'random, printed with the verdict',
  },
} satisfies Record<keyof ScenarioInput, Field>;
