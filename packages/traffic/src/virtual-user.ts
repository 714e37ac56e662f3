import {
  completionType,
  type JourneySpec,
  type Random,
  type StepSpec,
  type VuOp,
  type VuStep,
} from '@sessionchaos/core';
import type { Dispatcher } from 'undici';
import { Answer, describeCapture, type CapturedValue } from './capture.ts';
import type { CompiledJourney, CompiledStep, Lookup, MultiStepRole } from './compiled-step.ts';
import { compileStep } from './compiled-step.ts';
import { VuJar } from './cookie-jar.ts';
import { exchange, type ExchangeOptions, type ExchangeResult } from './exchange.ts';
import { shortHash } from './hash.ts';
import { findForm, FormError, pickForm, submitForm, type FormSubmission } from './html-form.ts';
import { HtmlPage } from './html-page.ts';
import { firstMissing, missingValueReason } from './missing-value.ts';
import type { InvokeFields, Recorder } from './recorder.ts';
import type { StopSignal } from './stop-signal.ts';

/** undici's errors for a request on a client this process closed, destroyed or aborted itself. */
const OWN_CLIENT_GONE = /^(UND_ERR_CLOSED|UND_ERR_DESTROYED|UND_ERR_ABORTED)\b/;
/** What every VU of a run shares: the client, the recorder, the journey and its compiled steps. */
export interface VuContext {
  client: Dispatcher;
  recorder: Recorder;
  journey: JourneySpec;
  compiled: CompiledJourney;
  /** Target origin, e.g. `http://127.0.0.1:8080`. */
  origin: string;
  exchange: ExchangeOptions;
  stop: StopSignal;
  /** Sees every completed step with its answer (the journey check explains failures from it). */
  onAnswer?: (op: VuOp, answer: Answer | undefined) => void;
}

/** Per-step extras: the value to write, a probe name, a cookie header or variables to replay, another origin. */
export interface StepExtras {
  value?: string | number;
  probe?: string;
  cookieOverride?: string;
  /** Variables to use instead of the VU's own (a probe replaying an old token). */
  varsOverride?: ReadonlyMap<string, string | number>;
  origin?: string;
  /** The multi-step role being walked: a `visit` of it that fails is recorded as that role's failed attempt. */
  role?: 'login' | 'logout';
}

/** The page a step ended on: a later form step without `page` submits a form of it. */
interface PageState {
  url: string;
  answer: Answer;
}

const compiledSpecs = new WeakMap<StepSpec, CompiledStep>();

/** A compiled step for a spec passed directly (tests, probes), cached per spec object. */
function compiledFor(spec: StepSpec | CompiledStep, journey: JourneySpec): CompiledStep {
  if ('captures' in spec && 'spec' in spec) return spec;
  let c = compiledSpecs.get(spec);
  if (!c) compiledSpecs.set(spec, (c = compileStep(spec, journey)));
  return c;
}

function scalar(v: CapturedValue): string | number | null {
  return Array.isArray(v) ? JSON.stringify(v) : v;
}

/**
 * One simulated person: own cookie jar, credentials, captured variables, seeded random and journey
 * state. Each `step` is one op pair in the history. Kept small: a run may hold 100,000 of them.
 */
export class VirtualUser {
  readonly id: number;
  readonly user: string;
  readonly password: string;
  readonly random: Random;
  jar = new VuJar();
  /** Values captured from answers (`{{csrf}}`, `{{token}}`), kept until the jar is renewed. */
  vars: Map<string, string | number> | undefined;
  epoch = 0;
  loggedIn = false;
  /**
   * The last login's answer was cut off (`info`): it may have gone through (a FORM login answered
   * 303 with the new session cookie, whose landing page then failed). The next iteration asks
   * whoami before logging in again, as a user reloading the page would.
   */
  loginUnsure = false;
  /** An answer named this user with the session held now: a refusal of it is worth confirming. */
  sessionSeen = false;
  /** The Cookie header the last request sent (what a confirmation of its refusal replays). */
  lastCookie = '';
  iteration = 0;
  writes = 0;
  /** Open model: the intended start (run ms) the next request's latency counts from. */
  intendedStart: number | undefined;

  constructor(id: number, user: string, password: string, random: Random) {
    this.id = id;
    this.user = user;
    this.password = password;
    this.random = random;
  }

  /** Drops cookies and captured values when the jar lifetime says so; true when a new epoch began. */
  renew(ctx: VuContext): boolean {
    if (!this.jar.renew(ctx.journey.jarLifetime)) return false;
    this.vars = undefined;
    this.epoch++;
    this.loggedIn = false;
    this.loginUnsure = false;
    this.sessionSeen = false;
    return true;
  }

  /**
   * Logs in (the `login` role) and notes the outcome: logged in on `ok`; a login whose answer was
   * cut off (`info`) may have gone through, which {@link settleLogin} then asks about.
   */
  async logIn(ctx: VuContext, extras: StepExtras = {}): Promise<VuOp | undefined> {
    const login = await this.role(ctx, 'login', extras);
    this.loggedIn = login?.type === 'ok';
    this.sessionSeen = false; // a new session: not seen alive until a whoami names the user
    if (this.loggedIn) this.loginUnsure = false;
    else if (login?.type === 'info') this.loginUnsure = true;
    return login;
  }

  /**
   * After a login whose answer was cut off, asks whoami whether it went through, as a user
   * reloading the page would. Logging in again could not tell: a FORM login's protected page then
   * answers its content, not the form, and the login would fail on every iteration to the end of
   * the run (seen on Tomcat, a node killed mid-login). Named or anonymous settles it; no answer
   * (a 5xx) leaves it to ask again next time.
   */
  async settleLogin(ctx: VuContext, extras: StepExtras = {}): Promise<void> {
    if (this.loggedIn || !this.loginUnsure) return;
    const me = await this.step(ctx, 'whoami', ctx.compiled.whoami, extras);
    if (typeof me.identity === 'string') this.loggedIn = true;
    if (me.identity === this.user) this.sessionSeen = true;
    if (me.identity !== undefined) this.loginUnsure = false;
  }

  /**
   * Walks a role that may take several steps (visit, login, logout). Every step but the last is
   * recorded as a `visit`; the last one as the role. Stops at the first step that does not succeed
   * and returns its op (the last op otherwise; undefined for a role with no steps).
   */
  async role(ctx: VuContext, role: MultiStepRole, extras: StepExtras = {}): Promise<VuOp | undefined> {
    const steps = ctx.compiled[role];
    let page: PageState | undefined;
    let op: VuOp | undefined;
    // Coverage counts a failed step before the last (a login page looping) as a failed attempt of the role.
    const within = role === 'visit' ? extras : { ...extras, role };
    for (let i = 0; i < steps.length; i++) {
      if (i > 0 && ctx.stop.stopping) return op;
      const r = await this.#walk(ctx, i === steps.length - 1 ? role : 'visit', steps[i]!, within, page);
      op = r.op;
      page = r.page;
      if (op.type !== 'ok') return op;
    }
    if (role === 'logout' && op?.type === 'ok') {
      this.#forgetToken(ctx);
      this.sessionSeen = false;
    }
    return op;
  }

  /** Sends one journey step (redirects followed) and records it; a form step with a page records two ops. */
  async step(
    ctx: VuContext,
    step: VuStep,
    spec: StepSpec | CompiledStep,
    extras: StepExtras = {},
  ): Promise<VuOp> {
    return (await this.#walk(ctx, step, compiledFor(spec, ctx.journey), extras, undefined)).op;
  }

  #walk(
    ctx: VuContext,
    step: VuStep,
    c: CompiledStep,
    extras: StepExtras,
    page: PageState | undefined,
  ): Promise<{ op: VuOp; page: PageState | undefined }> {
    // Not async itself: a plain step (most of them) goes straight to #send, one promise fewer.
    return c.form ? this.#walkForm(ctx, step, c, c.form, extras, page) : this.#send(ctx, step, c, extras);
  }

  async #walkForm(
    ctx: VuContext,
    step: VuStep,
    c: CompiledStep,
    form: NonNullable<CompiledStep['form']>,
    extras: StepExtras,
    page: PageState | undefined,
  ): Promise<{ op: VuOp; page: PageState | undefined }> {
    let current = page;
    // A field short of a captured value is known before the page is opened: nothing is sent. Its
    // cookie variables wait for the page, which may set them.
    const early = form.needs && firstMissing(form.needs, this.#lookup(ctx, extras, ctx.origin + '/'), true);
    if (early) return { op: this.#notBuilt(ctx, step, c, early, ctx.origin + '/', extras), page };
    if (c.path !== undefined) {
      // A form step with a page opens it first: that GET is a visit of its own.
      const opened = await this.#send(
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
      const lookup = this.#lookup(ctx, extras, current.url);
      const missing = form.needs && firstMissing(form.needs, lookup);
      if (missing) return { op: this.#notBuilt(ctx, step, c, missing, current.url, extras), page: current };
      const fields: Record<string, string> = {};
      for (const [k, t] of form.fields) fields[k] = t.render(lookup) ?? '';
      submission = submitForm(pickForm(current.answer.page, current.url, form.selector), current.url, fields);
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      return { op: this.#failNow(ctx, step, current?.url ?? ctx.origin, err.message, extras), page: current };
    }
    const origin = new URL(submission.url).origin;
    if (!ctx.exchange.allowedOrigins.has(origin)) {
      const message = `form action ${submission.url} is on an origin not allowed (add ${origin} to journey.allowedOrigins)`;
      return { op: this.#failNow(ctx, step, submission.url, message, extras), page: current };
    }
    return this.#send(ctx, step, c, extras, submission);
  }

  /**
   * Submits, in order, each listed form the answers show (an identity provider's login, then consent),
   * within one op: its hops run on from the step's. A form the page does not show is skipped.
   */
  async #pageForms(
    ctx: VuContext,
    forms: NonNullable<CompiledStep['pageForms']>,
    first: ExchangeResult,
    lookup: Lookup,
    headers: [string, string][] | undefined,
  ): Promise<ExchangeResult> {
    let r = first;
    for (const f of forms) {
      if (r.status === undefined || r.status >= 300 || !/<form/i.test(r.body)) break;
      const el = findForm(
        new HtmlPage(r.body),
        f.selector,
        f.fields.map(([k]) => k),
      );
      if (!el) continue;
      const fields: Record<string, string> = {};
      for (const [k, t] of f.fields) fields[k] = t.render(lookup) ?? '';
      let sub: FormSubmission;
      try {
        sub = submitForm(el, r.finalUrl, fields);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return { ...r, error: err.message };
      }
      if (!ctx.exchange.allowedOrigins.has(new URL(sub.url).origin))
        return {
          ...r,
          error: `form action ${sub.url} is on an origin not allowed (add it to journey.allowedOrigins)`,
        };
      const next = await exchange(
        ctx.client,
        this.jar,
        {
          method: sub.method,
          url: sub.url,
          ...(sub.body !== undefined
            ? { body: sub.body, contentType: 'application/x-www-form-urlencoded' }
            : {}),
          ...(headers ? { headers } : {}),
        },
        ctx.exchange,
      );
      r = { ...next, hops: [...r.hops, ...next.hops] };
    }
    return r;
  }

  #lookup(ctx: VuContext, extras: StepExtras, cookieUrl: string): Lookup {
    const vars = extras.varsOverride ?? this.vars;
    return (name) => {
      switch (name) {
        case 'vu':
          return this.id;
        case 'username':
          return this.user;
        case 'password':
          return this.password;
        case 'iteration':
          return this.iteration;
        case 'value':
          return extras.value;
      }
      if (name.startsWith('cookie.')) return this.jar.value(cookieUrl, name.slice(7));
      return vars?.get(name);
    };
  }

  #tokenHash(ctx: VuContext, vars: ReadonlyMap<string, string | number> | undefined): string | undefined {
    const v = vars?.get(ctx.journey.sessionToken as string);
    return v === undefined ? undefined : shortHash(String(v));
  }

  #forgetToken(ctx: VuContext): void {
    // A client forgets its token at logout; the replay probe keeps its own copy.
    if (ctx.journey.sessionToken !== undefined) this.vars?.delete(ctx.journey.sessionToken);
  }

  /**
   * Records a step that could not be built (no form to submit, an origin not allowed) as a `fail`
   * marked `notSent`, its error `not-sent: <reason>`: an attempt of its role, not a request, so
   * never the target's error (error rates, error-spike).
   */
  #failNow(
    ctx: VuContext,
    step: VuStep,
    url: string,
    error: string,
    extras: StepExtras,
    method = 'POST',
  ): VuOp {
    const fields: InvokeFields = {
      process: this.id,
      step,
      epoch: this.epoch,
      method,
      url,
      user: this.user,
    };
    if (extras.probe !== undefined) fields.probe = extras.probe;
    const invoke = ctx.recorder.invoke(fields);
    const done: Partial<VuOp> = {
      method,
      url,
      user: this.user,
      error: `not-sent: ${error}`,
      latency: 0,
      notSent: true,
    };
    if (extras.probe !== undefined) done.probe = extras.probe;
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
  #notBuilt(
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
    return this.#failNow(ctx, step, url, missingValueReason(name, ctx.journey, cookieUrl), extras, method);
  }

  async #send(
    ctx: VuContext,
    step: VuStep,
    c: CompiledStep,
    extras: StepExtras,
    submission?: { method: string; url: string; body?: string },
  ): Promise<{ op: VuOp; page: PageState | undefined }> {
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
      lookup = this.#lookup(ctx, extras, url);
      if (submission.body !== undefined) {
        body = submission.body;
        contentType = 'application/x-www-form-urlencoded';
      }
    } else {
      lookup = this.#lookup(ctx, extras, origin + '/');
      const missing = c.needs && firstMissing(c.needs, lookup);
      if (missing)
        return { op: this.#notBuilt(ctx, step, c, missing, origin + '/', extras), page: undefined };
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
    const vars = extras.varsOverride ?? this.vars;
    const tokenSession = journey.sessionToken !== undefined;
    const sent = extras.cookieOverride === undefined ? this.jar.outgoing(url) : undefined;
    this.lastCookie = sent ? sent.header : (extras.cookieOverride ?? '');
    const sessionBefore = tokenSession
      ? this.#tokenHash(ctx, vars)
      : sent
        ? refHash(sent.refs, journey.sessionCookie)
        : sessionFromHeader(extras.cookieOverride ?? '', journey.sessionCookie);
    const invokeFields: InvokeFields = {
      process: this.id,
      step,
      epoch: this.epoch,
      method,
      url,
      user: this.user,
    };
    if (sessionBefore !== undefined) invokeFields.session = sessionBefore;
    if (step === 'write') invokeFields.value = extras.value;
    if (extras.probe !== undefined) invokeFields.probe = extras.probe;
    const invoke = recorder.invoke(invokeFields);
    // Run times from the recorder's clock: the invoke's own time is the start (or the open model's
    // intended one), the completion's is the end, so a request reads the clock twice, not four times.
    const start = this.intendedStart ?? invoke.time;
    this.intendedStart = undefined;
    let r = await exchange(
      ctx.client,
      this.jar,
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
    if (c.pageForms) r = await this.#pageForms(ctx, c.pageForms, r, lookup, headers);
    const end = recorder.now();
    const latency = end - start;
    // Plain assignments rather than conditional spreads: this runs once per request.
    const fields: Partial<VuOp> = { method, url, hops: r.hops, user: this.user, latency };
    if (r.status !== undefined) fields.status = r.status;
    if (r.node !== undefined) fields.node = r.node;
    if (r.redirectLoop !== undefined) fields.redirectLoop = r.redirectLoop;
    if (r.cacheable === true) fields.cacheable = true;
    if (r.bodyBytes !== undefined) fields.bodyBytes = r.bodyBytes;
    if (r.error !== undefined) fields.error = r.error;
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
    if (r.status !== undefined) answer = new Answer(r.status, r.body, r.finalUrl, r.headers ?? {}, this.jar);
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
          this.vars ??= new Map();
          this.vars.set(cap.name, scalar(v) as string | number);
        }
      }
      if (missing.length > 0) {
        type = 'fail';
        fields.error = `capture ${missing.join(', ')} found nothing in the answer from ${r.finalUrl}`;
      }
    }
    let session = sessionBefore;
    if (tokenSession) session = this.#tokenHash(ctx, extras.varsOverride ?? this.vars);
    else
      for (const h of r.hops) {
        if (h.set.length > 0) {
          const v = this.jar.value(r.finalUrl, journey.sessionCookie);
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
}

/** Some hop redirected to the login page, or a redirect chain ended on it. */
function endsOnLoginPage(hops: VuOp['hops'] & object, loginPage: string): boolean {
  for (const h of hops) if (h.location !== undefined && pathOf(h.location) === loginPage) return true;
  return hops.length > 1 && pathOf(hops[hops.length - 1]!.url) === loginPage;
}

function pathOf(url: string): string {
  let start = 0;
  const scheme = url.indexOf('://');
  if (scheme !== -1) {
    start = url.indexOf('/', scheme + 3);
    if (start === -1) return '/';
  }
  const end = url.search(/[?#]/);
  return url.slice(start, end === -1 ? undefined : end) || '/';
}

function refHash(refs: readonly { name: string; hash: string }[], name: string): string | undefined {
  for (const r of refs) if (r.name === name) return r.hash;
  return undefined;
}

function sessionFromHeader(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return shortHash(part.slice(eq + 1).trim());
  }
  return undefined;
}
