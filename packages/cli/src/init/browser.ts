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
  readonly #ctx: VuContext;
  readonly #client = createHttpClient({ connections: 2, timeoutMs: 10_000 });
  #last: Visit | undefined;

  constructor(target: string, username: string, password: string, journey: Partial<JourneySpec> = {}) {
    const base = { ...URL_JOURNEY_BASE, login: { method: 'GET', path: '/' }, ...journey } as JourneySpec;
    this.#ctx = createVuContext({
      target,
      client: this.#client,
      journey: { ...base, whoami: { method: 'GET', path: '/', identity: '$.x' } },
    });
    this.#ctx.onAnswer = (op, answer) => {
      this.#last = { op, answer };
    };
    this.vu = new VirtualUser(1, username, password, seededRandom(1));
  }

  get origin(): string {
    return this.#ctx.origin;
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
