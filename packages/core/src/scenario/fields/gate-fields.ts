import { FINDING_KINDS } from '../../checkers/finding.ts';
import type { MetricScope } from '../../metrics/run-metrics.ts';
import { duration, oneOf, SHARE, type Field, type FieldTable } from './field.ts';

/** Which part of the run a gate threshold measures. */
export const SCOPES: readonly MetricScope[] = ['all', 'during-fault', 'after-fault', 'steady'];

const common = {
  scope: {
    ...oneOf(SCOPES),
    description:
      'The part of the run measured: all of it, while a fault is active, just after (check.afterFault), or away from any fault.',
    example: 'steady',
    default: 'all',
  },
  name: {
    type: 'string',
    description: 'Names the threshold in the reports.',
    example: 'no loss outside faults',
    schema: { type: 'string' },
  },
} satisfies FieldTable;

/** A threshold on a finding kind: how many (or what share of the users) may show it. */
export const GATE_FINDING_FIELDS = {
  finding: {
    ...oneOf(FINDING_KINDS),
    description: 'The finding kind counted.',
    example: 'lost-session',
    required: true,
  },
  max: {
    type: 'number',
    description: 'Most occurrences allowed (0 when neither max nor maxRate is given).',
    example: 0,
    schema: { type: 'number', minimum: 0 },
  },
  maxRate: { ...SHARE, description: 'Most share of the users affected.', example: 0.05 },
  ...common,
} satisfies FieldTable;

/** A threshold on a latency percentile. */
export const GATE_LATENCY_FIELDS = {
  latency: {
    type: 'percentile',
    description: 'The percentile: p50, p99, p99.9 (or 99).',
    example: 'p99',
    required: true,
    schema: { type: ['string', 'number'], pattern: '^[pP]?\\d+(\\.\\d+)?$' },
  },
  max: { ...duration('The highest latency allowed at that percentile.', '800ms'), required: true },
  ...common,
} satisfies FieldTable;

/** A threshold on the error rate: no answer or a 5xx (refusals are judged by the session findings). */
export const GATE_ERROR_RATE_FIELDS = {
  errorRate: {
    ...SHARE,
    description: 'Highest share of requests with no answer or a 5xx.',
    example: 0.01,
    required: true,
  },
  ...common,
} satisfies FieldTable;

/** The three kinds of gate threshold, as a validator reads them (by the key that names the kind). */
export const GATE_KINDS = {
  finding: GATE_FINDING_FIELDS,
  latency: GATE_LATENCY_FIELDS,
  errorRate: GATE_ERROR_RATE_FIELDS,
} as const satisfies Record<string, FieldTable>;

/** A gate threshold of any kind (the reference's description of `gate` items). */
export const GATE_ITEM: Field = {
  type: 'list of thresholds',
  description:
    'Thresholds that decide the verdict; a threshold whose checker judged nothing shows "not judged". Absent: any finding of any kind fails the run.',
  example: [
    { finding: 'lost-session', max: 0, scope: 'steady' },
    { latency: 'p99', max: '800ms' },
    { errorRate: 0.01 },
  ],
  defaultText: '`{finding: KIND, max: 0}` for every finding kind',
};
