import type { VuStep } from '@sessionchaos/core';
import type { CompiledStep } from './compiled-step.ts';
import { FormError, pickForm, submitForm } from './html-form.ts';
import { firstMissing } from './missing-value.ts';
import { recordNotBuilt, recordNotSent } from './not-sent.ts';
import { sendStep } from './send-step.ts';
import { stepLookup } from './step-lookup.ts';
import type { StepExtras, VuContext } from './vu-context.ts';
import type { PageState, StepOutcome, VuState } from './vu-state.ts';

/**
 * Walks a form step: opens its page when it names one (a visit of its own), fills the form's fields
 * from the templates and submits it. A field short of a value, a missing form or an action on an
 * origin not allowed is recorded as not sent; `page` is the page an earlier step ended on.
 */
export async function walkForm(
  vu: VuState,
  ctx: VuContext,
  step: VuStep,
  c: CompiledStep,
  form: NonNullable<CompiledStep['form']>,
  extras: StepExtras,
  page: PageState | undefined,
): Promise<StepOutcome> {
  let current = page;
  // A field short of a captured value is known before the page is opened: nothing is sent. Its
  // cookie variables wait for the page, which may set them.
  const early = form.needs && firstMissing(form.needs, stepLookup(vu, extras, ctx.origin + '/'), true);
  if (early) return { op: recordNotBuilt(vu, ctx, step, c, early, ctx.origin + '/', extras), page };
  if (c.path !== undefined) {
    // A form step with a page opens it first: that GET is a visit of its own.
    const opened = await sendStep(
      vu,
      ctx,
      'visit',
      { ...c, form: undefined, captures: [], expect: undefined },
      extras,
    );
    if (opened.op.type !== 'ok') return opened;
    current = opened.page;
  }
  let submission;
  try {
    if (!current)
      throw new FormError('a form step without form.page needs an earlier step that opened a page');
    const lookup = stepLookup(vu, extras, current.url);
    const missing = form.needs && firstMissing(form.needs, lookup);
    if (missing) return { op: recordNotBuilt(vu, ctx, step, c, missing, current.url, extras), page: current };
    const fields: Record<string, string> = {};
    for (const [k, t] of form.fields) fields[k] = t.render(lookup) ?? '';
    submission = submitForm(pickForm(current.answer.page, current.url, form.selector), current.url, fields);
  } catch (err) {
    if (!(err instanceof FormError)) throw err;
    return {
      op: recordNotSent(vu, ctx, step, current?.url ?? ctx.origin, err.message, extras),
      page: current,
    };
  }
  const origin = new URL(submission.url).origin;
  if (!ctx.exchange.allowedOrigins.has(origin)) {
    const message = `form action ${submission.url} is on an origin not allowed (add ${origin} to journey.allowedOrigins)`;
    return { op: recordNotSent(vu, ctx, step, submission.url, message, extras), page: current };
  }
  return sendStep(vu, ctx, step, c, extras, submission);
}
