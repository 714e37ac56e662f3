import type { FieldTable } from '../fields/field.ts';
import type { SpecErrors } from '../spec-error.ts';

/**
 * The checks a step kind's validation may use: the journey validator's own (templates against the journey's
 * captures, paths against its allowed origins, the fields every step shares). A structural type, so a kind
 * does not import the validator that imports the registry.
 */
export interface StepChecks {
  readonly errors: SpecErrors;
  path(at: string, path: unknown): void;
  templates(at: string, value: unknown, what: string): void;
  /** The fields every step shares (headers, capture, expect). */
  common(at: string, step: Record<string, unknown>): void;
  /** A whole request step. */
  request(at: string, step: unknown): boolean;
}

/**
 * One kind of journey step (a request, a form...): its fields (the schema's `$defs.step` and the reference's
 * section come from them), the key that marks a step as this kind, and its validation. How traffic walks it is
 * its line in `STEP_RUNNERS` (`packages/traffic/src/step-runners.ts`), which typecheck requires for each name.
 */
export interface StepKindDefinition<Name extends string = string> {
  name: Name;
  /** The key whose presence makes a step this kind (`form`); none for the default kind (a request). */
  marker?: string;
  /** The reference's section title (`Journey step: a form`). */
  title: string;
  /** The reference's introduction to the section. */
  intro: string;
  fields: FieldTable;
  /** False when the kind cannot be the last step of a role (it records no op, and the last step is the role's). */
  canEnd?: boolean;
  /** Every error of one step at once, each with its path. */
  validate(checks: StepChecks, at: string, step: unknown): void;
}

/** Keeps a kind's name as a literal type, so the registry yields the union of kind names. */
export const defineStepKind = <const Name extends string>(
  kind: StepKindDefinition<Name>,
): StepKindDefinition<Name> => kind;
