import { fieldSchema, objectSchema, type JsonSchema } from './fields/field.ts';
import { CHECK_FIELDS, CHECK_MS_FIELDS } from './fields/check-fields.ts';
import { FAULT_FIELDS } from './fields/fault-fields.ts';
import { GATE_KINDS } from './fields/gate-fields.ts';
import { captureSchema, CAPTURE_FIELDS } from './fields/step-fields.ts';
import { STEP_KIND_REGISTRY } from './step-kinds/step-kind-registry.ts';
import { TOP_FIELDS } from './fields/top-fields.ts';

export type { JsonSchema } from './fields/field.ts';

/** Where the published schema lives, for `$id` and the `# yaml-language-server: $schema=` line. */
export const SCENARIO_SCHEMA_URL = 'https://unpkg.com/@sessionchaos/core/schema/scenario.schema.json';

/**
 * The JSON Schema of a scenario file, generated from the field tables of `fields/` (the same tables the
 * reference is written from and the validators take their field lists from), so an editor completes and
 * explains every field, down to a journey's steps and captures, and rejects a misspelt one. The
 * validator stays the authority on what a schema cannot say (templates naming captured values, a
 * fault's params per action, a lab option that applies to one strategy).
 */
export function scenarioJsonSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCENARIO_SCHEMA_URL,
    title: 'sessionchaos scenario',
    description:
      'A sessionchaos scenario: target, load, faults and the gate that judges the run. Every field: docs/scenario-reference.md.',
    ...objectSchema(TOP_FIELDS),
    $defs: {
      step: {
        description: `One step, of one of these kinds: ${STEP_KIND_REGISTRY.map((k) => `${k.title} (${k.marker ?? 'method, path...'})`).join(', ')}.`,
        anyOf: STEP_KIND_REGISTRY.map((k) => objectSchema(k.fields)),
      },
      capture: captureSchema((kind) => fieldSchema(CAPTURE_FIELDS[kind])),
      fault: objectSchema(FAULT_FIELDS),
      threshold: {
        description:
          'One of {finding, max | maxRate}, {latency, max} or {errorRate}, each with an optional scope and name.',
        oneOf: Object.values(GATE_KINDS).map((kind) => objectSchema(kind)),
      },
      check: objectSchema({ ...CHECK_FIELDS, ...CHECK_MS_FIELDS }),
    },
  };
}
