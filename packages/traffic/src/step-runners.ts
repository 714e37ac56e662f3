import type { StepKindName, VuStep } from '@sessionchaos/core';
import type { CompiledStep } from './compiled-step.ts';
import { sendStep } from './send-step.ts';
import type { StepExtras, VuContext } from './vu-context.ts';
import type { PageState, StepOutcome, VuState } from './vu-state.ts';
import { walkForm } from './walk-form.ts';
import { walkPause, type QuietOutcome } from './walk-pause.ts';

/**
 * Walks one compiled step of a kind, recording one op (or a not-sent one when a value it needs is missing; none
 * for a pause); `page` is the page the role's previous step ended on.
 */
export type StepRunner = (
  vu: VuState,
  ctx: VuContext,
  step: VuStep,
  c: CompiledStep,
  extras: StepExtras,
  page: PageState | undefined,
) => Promise<StepOutcome | QuietOutcome>;

/**
 * How traffic walks each step kind of core's `STEP_KIND_REGISTRY`, one line each: a kind added there without
 * its line here fails typecheck.
 */
export const STEP_RUNNERS: Readonly<Record<StepKindName, StepRunner>> = {
  // A plain step (most of them) goes straight to sendStep, one promise fewer.
  request: (vu, ctx, step, c, extras) => sendStep(vu, ctx, step, c, extras),
  form: (vu, ctx, step, c, extras, page) =>
    c.form
      ? walkForm(vu, ctx, step, c, c.form, extras, page)
      : Promise.reject(new Error('a form step compiled without its form')),
  pause: (_vu, ctx, _step, c, _extras, page) => walkPause(ctx, c, page),
};
