import type { JourneySpec, Random, StepSpec, VuOp, VuStep } from '@sessionchaos/core';
import type { CompiledStep, MultiStepRole } from './compiled-step.ts';
import { compileStep } from './compiled-step.ts';
import { VuJar } from './cookie-jar.ts';
import { STEP_RUNNERS } from './step-runners.ts';
import type { QuietOutcome } from './walk-pause.ts';
import type { StepExtras, VuContext } from './vu-context.ts';
import type { PageState, StepOutcome, VuState } from './vu-state.ts';

const compiledSpecs = new WeakMap<StepSpec, CompiledStep>();

/** A compiled step for a spec passed directly (tests, probes), cached per spec object. */
function compiledFor(spec: StepSpec | CompiledStep, journey: JourneySpec): CompiledStep {
  if ('captures' in spec && 'spec' in spec) return spec;
  let c = compiledSpecs.get(spec);
  if (!c) compiledSpecs.set(spec, (c = compileStep(spec, journey)));
  return c;
}

/**
 * One simulated person: own cookie jar, credentials, captured variables, seeded random and journey
 * state. Each `step` is one op pair in the history. Kept small: a run may hold 100,000 of them.
 */
export class VirtualUser implements VuState {
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
      page = r.page;
      if (r.op === undefined) continue; // a pause: nothing sent, nothing recorded
      op = r.op;
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
    const { op } = await this.#walk(ctx, step, compiledFor(spec, ctx.journey), extras, undefined);
    // Validation keeps pauses inside multi-step roles, never in the place of a single step.
    if (!op) throw new Error(`a pause cannot stand for the ${step} step`);
    return op;
  }

  #walk(
    ctx: VuContext,
    step: VuStep,
    c: CompiledStep,
    extras: StepExtras,
    page: PageState | undefined,
  ): Promise<StepOutcome | QuietOutcome> {
    return STEP_RUNNERS[c.kind](this, ctx, step, c, extras, page);
  }

  #forgetToken(ctx: VuContext): void {
    // A client forgets its token at logout; the replay probe keeps its own copy.
    if (ctx.journey.sessionToken !== undefined) this.vars?.delete(ctx.journey.sessionToken);
  }
}
