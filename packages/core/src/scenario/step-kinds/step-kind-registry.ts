import { isObject } from '../spec-fields.ts';
import { FORM_STEP_KIND, REQUEST_STEP_KIND } from './builtin-step-kinds.ts';
import { PAUSE_STEP_KIND } from './pause-step-kind.ts';
import type { StepKindDefinition } from './step-kind.ts';

export type { StepChecks } from './step-kind.ts';

/**
 * Every kind of journey step, one line each, in the reference's order: the schema's `$defs.step`, the
 * reference's step sections and the journey validator read this list; traffic walks each by its name in
 * `STEP_RUNNERS`. The kind without a marker (a request) is the default.
 */
export const STEP_KIND_REGISTRY = [REQUEST_STEP_KIND, FORM_STEP_KIND, PAUSE_STEP_KIND] as const;

/** The name of a registered step kind. */
export type StepKindName = (typeof STEP_KIND_REGISTRY)[number]['name'];

const DEFAULT_KIND: StepKindDefinition<StepKindName> = REQUEST_STEP_KIND;

/** The kind of a step (from a file: any shape): the first whose marker key it has, else a request. */
export function stepKindOf(step: unknown): StepKindDefinition<StepKindName> {
  if (isObject(step))
    for (const kind of STEP_KIND_REGISTRY)
      if (kind.marker !== undefined && step[kind.marker] !== undefined) return kind;
  return DEFAULT_KIND;
}
