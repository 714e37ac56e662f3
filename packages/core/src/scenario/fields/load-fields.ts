import { LIMITS } from '../limits.ts';
import { DEFAULT_GRACE_MS, LOAD_MODELS, MAX_GRACE_MS, OPEN_ARRIVALS } from '../load.ts';
import type { LoadInput } from '../scenario.ts';
import { duration, DURATION, objectSchema, oneOf, whole, type Field, type FieldTable } from './field.ts';

const THINK_RANGE = {
  min: duration('Shortest pause.', '100ms'),
  max: duration('Longest pause.', '500ms'),
} satisfies FieldTable;

/** `load`: the closed model (a population of users) or the open one (a rate of arrivals). */
export const LOAD_FIELDS = {
  model: {
    ...oneOf(LOAD_MODELS),
    description:
      "`closed`: `users` VUs loop through the journey; `open`: iterations start at `rate` per second whatever the target's speed, up to `maxUsers` at once.",
    example: 'open',
    default: 'closed',
  },
  users: {
    ...whole(1, LIMITS.maxUsers),
    description: 'Closed model: virtual users, each with its own cookie jar and credentials.',
    example: 30,
  },
  duration: duration(
    'How long the load runs (closed: this or `iterations` is required; open: required). `--duration` overrides it.',
    '30s',
  ),
  iterations: {
    ...whole(1, LIMITS.maxIterations),
    description: 'Closed model: iterations per VU, instead of (or besides) a duration.',
    example: 100,
  },
  think: {
    type: 'duration or {min, max}',
    description: 'Pause between two steps of a VU: fixed, or drawn (seeded) between min and max.',
    example: '200ms',
    default: '0ms',
    fields: THINK_RANGE,
    schema: { anyOf: [DURATION, objectSchema(THINK_RANGE, { required: ['min', 'max'] })] },
  },
  rampUp: duration('Closed model: time over which the VUs start.', '5s', 0),
  rampDown: duration('Closed model: time over which they stop.', '5s', 0),
  rate: {
    type: `number ${LIMITS.minRate}..${LIMITS.maxRate}`,
    description: 'Open model: arrivals started per second.',
    example: 50,
    schema: { type: 'number', minimum: LIMITS.minRate, maximum: LIMITS.maxRate },
  },
  maxUsers: {
    ...whole(1, LIMITS.maxUsers),
    description: 'Open model: most VUs at once; an arrival that finds all busy is dropped and counted.',
    example: 100,
  },
  arrivals: {
    ...oneOf(OPEN_ARRIVALS),
    description:
      'Open model: what arrives: an iteration of a VU that keeps its jar and login (`iterations`), or a new user with a fresh jar (`users`).',
    example: 'users',
    default: 'iterations',
  },
  grace: {
    ...duration(
      `How long requests in flight at the end may take before they are cut and recorded as indeterminate (at most ${MAX_GRACE_MS / 1000}s).`,
      '5s',
      DEFAULT_GRACE_MS,
    ),
  },
} satisfies Record<keyof LoadInput, Field>;
