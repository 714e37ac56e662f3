import type { VuOp, VuStep } from '@sessionchaos/core';
import type { CompiledStep } from './compiled-step.ts';
import { missingValueReason } from './missing-value.ts';
import { vuOpFields } from './recorder.ts';
import type { StepExtras, VuContext } from './vu-context.ts';
import type { VuState } from './vu-state.ts';

/**
 * Records a step that could not be built (no form to submit, an origin not allowed) as a `fail`
 * marked `notSent`, its error `not-sent: <reason>`: an attempt of its role, not a request, so
 * never the target's error (error rates, error-spike).
 */
export function recordNotSent(
  vu: VuState,
  ctx: VuContext,
  step: VuStep,
  url: string,
  error: string,
  extras: StepExtras,
  method = 'POST',
): VuOp {
  const fields = vuOpFields(vu.id, step, vu.epoch, method, url, vu.user, undefined);
  // Set before invoke(): the recorder hands the op to the history as it is then.
  fields.probe = extras.probe;
  const invoke = ctx.recorder.invoke(fields);
  const done = vuOpFields(vu.id, step, vu.epoch, method, url, vu.user, undefined);
  done.latency = 0;
  done.error = `not-sent: ${error}`;
  done.notSent = true;
  done.probe = extras.probe;
  if (step === 'visit' && extras.role !== undefined) done.role = extras.role;
  const op = ctx.recorder.complete(invoke, 'fail', done);
  ctx.onAnswer?.(op, undefined);
  return op;
}

/**
 * Records a step whose template needs a value it does not have (a capture that found nothing, a
 * cookie never set) as not-sent, naming the value and where it was to come from: sending it with
 * an empty value would make the target's refusal of a request the journey never meant.
 */
export function recordNotBuilt(
  vu: VuState,
  ctx: VuContext,
  step: VuStep,
  c: CompiledStep,
  name: string,
  cookieUrl: string,
  extras: StepExtras,
): VuOp {
  // The URL as written: its template may be what lacks the value.
  const path = c.path?.source;
  const url =
    path === undefined ? cookieUrl : path.startsWith('/') ? (extras.origin ?? ctx.origin) + path : path;
  const method = c.form ? 'POST' : c.method;
  return recordNotSent(vu, ctx, step, url, missingValueReason(name, ctx.journey, cookieUrl), extras, method);
}
