import { completionType, type VuOp, type VuStep } from '@sessionchaos/core';
import { Answer, describeCapture, type CapturedValue } from './capture.ts';
import type { CompiledStep, Lookup } from './compiled-step.ts';
import { exchange } from './exchange.ts';
import { shortHash } from './hash.ts';
import { endsOnLoginPage } from './login-page.ts';
import { firstMissing } from './missing-value.ts';
import { recordNotBuilt } from './not-sent.ts';
import { submitPageForms } from './page-forms.ts';
import { vuOpFields } from './recorder.ts';
import { refHash, sessionFromHeader, tokenHash } from './session-hash.ts';
import { stepLookup } from './step-lookup.ts';
import type { StepExtras, VuContext } from './vu-context.ts';
import type { StepOutcome, VuState } from './vu-state.ts';

/** undici's errors for a request on a client this process closed, destroyed or aborted itself. */
const OWN_CLIENT_GONE = /^(UND_ERR_CLOSED|UND_ERR_DESTROYED|UND_ERR_ABORTED)\b/;

function scalar(v: CapturedValue): string | number | null {
  return Array.isArray(v) ? JSON.stringify(v) : v;
}

/**
 * Sends one request of a step (its redirects and page forms followed), judges the answer (status,
 * identity, value, captures, session) and records the op pair: the path every request takes.
 * `submission` is the form a form step built; without it the step's own method, path and body go.
 */
export async function sendStep(
  vu: VuState,
  ctx: VuContext,
  step: VuStep,
  c: CompiledStep,
  extras: StepExtras,
  submission?: { method: string; url: string; body?: string },
): Promise<StepOutcome> {
  const { journey, recorder } = ctx;
  const origin = extras.origin ?? ctx.origin;
  let url: string;
  let path: string | undefined;
  let lookup: Lookup;
  let body: string | undefined;
  let contentType: string | undefined;
  let method = c.method;
  if (submission) {
    url = submission.url;
    method = submission.method;
    lookup = stepLookup(vu, extras, url);
    if (submission.body !== undefined) {
      body = submission.body;
      contentType = 'application/x-www-form-urlencoded';
    }
  } else {
    lookup = stepLookup(vu, extras, origin + '/');
    const missing = c.needs && firstMissing(c.needs, lookup);
    if (missing)
      return { op: recordNotBuilt(vu, ctx, step, c, missing, origin + '/', extras), page: undefined };
    const rendered = c.path!.render(lookup) as string;
    if (rendered.startsWith('/')) {
      path = rendered;
      url = origin + rendered;
    } else url = rendered;
    if (c.body) ({ body, contentType } = c.body(lookup));
  }
  let headers: [string, string][] | undefined;
  for (const [name, t] of c.headers) {
    // A header whose value needs something not captured yet (a token before login) is left out.
    const v = t.render(lookup, true);
    if (v !== undefined) (headers ??= []).push([name, v]);
  }
  const vars = extras.varsOverride ?? vu.vars;
  const tokenSession = journey.sessionToken !== undefined;
  const sent = extras.cookieOverride === undefined ? vu.jar.outgoing(url) : undefined;
  vu.lastCookie = sent ? sent.header : (extras.cookieOverride ?? '');
  const sessionBefore = tokenSession
    ? tokenHash(vars, journey.sessionToken as string)
    : sent
      ? refHash(sent.refs, journey.sessionCookie)
      : sessionFromHeader(extras.cookieOverride ?? '', journey.sessionCookie);
  // Every key, in the order the binary history decodes them: the op is recorded as a VU op record
  // (any other order goes as JSON to keep its NDJSON line), and all ops share one hidden class.
  const invokeFields = vuOpFields(
    vu.id,
    step,
    vu.epoch,
    method,
    url,
    vu.user,
    step === 'write' ? extras.value : undefined,
  );
  // Set before invoke(): the recorder hands the op to the history as it is then.
  invokeFields.session = sessionBefore;
  invokeFields.probe = extras.probe;
  const invoke = recorder.invoke(invokeFields);
  // Run times from the recorder's clock: the invoke's own time is the start (or the open model's
  // intended one), the completion's is the end, so a request reads the clock twice, not four times.
  const start = vu.intendedStart ?? invoke.time;
  vu.intendedStart = undefined;
  let r = await exchange(
    ctx.client,
    vu.jar,
    {
      method,
      url,
      // The path is already split from the origin: no URL parse for the first hop.
      split: path === undefined || path.includes('?') || path.includes('#') ? undefined : { origin, path },
      body,
      contentType,
      cookieOverride: extras.cookieOverride,
      firstCookies: sent,
      headers,
    },
    ctx.exchange,
  );
  if (c.pageForms) r = await submitPageForms(ctx, vu.jar, c.pageForms, r, lookup, headers);
  const end = recorder.now();
  const latency = end - start;
  // Plain assignments rather than conditional spreads: this runs once per request.
  const fields = vuOpFields(vu.id, step, vu.epoch, method, url, vu.user, undefined);
  fields.status = r.status;
  fields.hops = r.hops;
  fields.redirectLoop = r.redirectLoop;
  fields.node = r.node;
  if (r.cacheable === true) fields.cacheable = true;
  fields.latency = latency;
  fields.error = r.error;
  fields.bodyBytes = r.bodyBytes;
  // No answer because the run was stopped (its requests aborted, its client closed or destroyed,
  // a probe round still sending as the run ends): the tool cut it short, not the target. The op
  // stays `info` (it may have been answered a moment later), its latency how long it was held.
  if (
    r.status === undefined &&
    r.error !== undefined &&
    (ctx.stop.signal.aborted || OWN_CLIENT_GONE.test(r.error))
  ) {
    fields.aborted = true;
    if (ctx.stop.cut !== undefined) fields.error = ctx.stop.cut;
  }
  if (r.notFollowed !== undefined)
    fields.error = `redirect to ${r.notFollowed} not followed: origin not allowed`;
  if (extras.probe !== undefined) fields.probe = extras.probe;
  const atLoginPage = r.status !== undefined && endsOnLoginPage(r.hops, journey.loginPage);
  let type = completionType(step, r.status, r.redirectLoop);
  let answer: Answer | undefined;
  if (r.status !== undefined) answer = new Answer(r.status, r.body, r.finalUrl, r.headers ?? {}, vu.jar);
  // An answer too large to read is not judged: its identity, value and captures are unknown
  // (a whoami's cut JSON names nobody, but it is not "anonymous" either), so the op is `info`.
  if (r.tooLarge === true) type = 'info';
  else if (c.expect && r.status !== undefined && !c.expect.has(r.status)) {
    type = 'fail';
    fields.error = `status ${r.status} is not one of the expected ${[...c.expect].join(', ')}`;
  }
  if (r.tooLarge === true) {
    // Status-only evidence still holds: a 401 or a bounce to the login page is anonymous.
    if (step === 'whoami' && (r.status === 401 || r.status === 403 || atLoginPage)) fields.identity = null;
  } else if (answer && c.extract && answer.status! < 300) {
    if (step === 'whoami') {
      const id = atLoginPage ? null : c.extract.capture(answer);
      // A 2xx answer that does not name anyone says "anonymous" (a login form served in place).
      fields.identity = id === undefined || id === null ? null : String(scalar(id));
    } else if (step === 'read' || step === 'write') {
      const v = c.extract.capture(answer);
      if (v !== undefined) fields.value = v as VuOp['value'];
    }
  } else if (
    step === 'whoami' &&
    (r.status === 401 || r.status === 403 || (r.status !== undefined && atLoginPage))
  )
    fields.identity = null;
  // Captures only from an answer that did what it should: a refused step's page holds no token.
  if (answer && c.captures.length > 0 && type === 'ok') {
    const missing: string[] = [];
    for (const cap of c.captures) {
      const v = cap.capture(answer);
      if (v === undefined || v === null) missing.push(`"${cap.name}" ${describeCapture(cap.input)}`);
      else {
        vu.vars ??= new Map();
        vu.vars.set(cap.name, scalar(v) as string | number);
      }
    }
    if (missing.length > 0) {
      type = 'fail';
      fields.error = `capture ${missing.join(', ')} found nothing in the answer from ${r.finalUrl}`;
    }
  }
  let session = sessionBefore;
  if (tokenSession) session = tokenHash(extras.varsOverride ?? vu.vars, journey.sessionToken as string);
  else
    for (const h of r.hops) {
      if (h.set.length > 0) {
        const v = vu.jar.value(r.finalUrl, journey.sessionCookie);
        session = v === undefined ? undefined : shortHash(v);
        break;
      }
    }
  if (session !== undefined) fields.session = session;
  // A login that lands back on the login page (after redirects) did not log in; one that
  // answers on the login page's own path (204, or 200 from POST /login) did.
  if (step === 'login' && type === 'ok' && atLoginPage) type = 'fail';
  if (step === 'visit' && type !== 'ok' && extras.role !== undefined) fields.role = extras.role;
  const op = recorder.complete(invoke, type, fields, end);
  ctx.onAnswer?.(op, answer);
  return { op, page: answer ? { url: r.finalUrl, answer } : undefined };
}
