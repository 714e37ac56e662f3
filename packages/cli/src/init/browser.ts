import {
  URL_JOURNEY_BASE,
  seededRandom,
  type JourneySpec,
  type StepSpec,
  type VuOp,
} from '@sessionchaos/core';
import {
  createHttpClient,
  createVuContext,
  VirtualUser,
  type Answer,
  type VuContext,
} from '@sessionchaos/traffic';

/** One request of the scaffold's exploration: what was recorded and what came back. */
export interface Visit {
  op: VuOp;
  answer: Answer | undefined;
}

/**
 * A single virtual user that `init` drives by hand to look at a target: its own jar and captured
 * values, one request at a time, every answer kept for inspection. Nothing is recorded anywhere.
 */
export class Browser {
  readonly vu: VirtualUser;
  readonly #target: string;
  #ctx: VuContext;
  readonly #client = createHttpClient({ connections: 2, timeoutMs: 10_000 });
  #last: Visit | undefined;
  readonly #allowed: string[] = [];
  #loginPage: string | undefined;

  constructor(target: string, username: string, password: string) {
    this.#target = target;
    this.#ctx = this.#context();
    this.vu = new VirtualUser(1, username, password, seededRandom(1));
  }

  #context(): VuContext {
    const base = {
      ...URL_JOURNEY_BASE,
      login: { method: 'GET', path: '/' },
      allowedOrigins: this.#allowed,
      ...(this.#loginPage !== undefined ? { loginPage: this.#loginPage } : {}),
    } as JourneySpec;
    const ctx = createVuContext({
      target: this.#target,
      client: this.#client,
      journey: { ...base, whoami: { method: 'GET', path: '/', identity: '$.x' } },
    });
    ctx.onAnswer = (op, answer) => {
      this.#last = { op, answer };
    };
    return ctx;
  }

  get origin(): string {
    return this.#ctx.origin;
  }

  /** Origins other than the target's that redirects and forms may go to (an identity provider). */
  get allowedOrigins(): readonly string[] {
    return this.#allowed;
  }

  /** Lets redirects and forms go to `origin` too (an identity provider the login sent us to). */
  allow(origin: string): void {
    if (origin === this.origin || this.#allowed.includes(origin)) return;
    this.#allowed.push(origin);
    this.#ctx = this.#context();
  }

  /** The login page, so that a login landing back on it counts as refused (a form shown again). */
  set loginPage(path: string) {
    this.#loginPage = path;
    this.#ctx = this.#context();
  }

  /** Sends one step (a request, or a form step) and returns the last request it made. */
  async send(step: StepSpec, role: 'visit' | 'login' | 'whoami' | 'logout' = 'visit'): Promise<Visit> {
    await this.vu.step(this.#ctx, role, step);
    return this.#last!;
  }

  async close(): Promise<void> {
    await this.#client.close();
  }
}
