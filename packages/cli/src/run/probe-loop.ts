import {
  concurrentWritesProbe,
  credentialsOf,
  preLoginSessionProbe,
  replayAfterLogoutProbe,
  VirtualUser,
  type VuContext,
} from '@sessionchaos/traffic';
import { deriveSeed, seededRandom } from '@sessionchaos/core';

/** Where the probe loop finds what it needs: the run's context and the nodes' own origins (fresh each round). */
export interface ProbeLoopOptions {
  context: VuContext;
  seed: number;
  everyMs: number;
  /** The first VU id free for the probes (after the load's VUs). */
  firstVu: number;
  nodeOrigins: () => Promise<string[]>;
  /** Wait after a logout before replaying its cookie: past the logout grace, so the replays are judged. */
  replayDelayMs: number;
}

/**
 * Session probes on their own VUs, one round every `everyMs`: concurrent writes on one session
 * (lost updates), logout then replay of the old cookie on every node (logout propagation), and a
 * fresh jar through the login page (fixation). Own VUs, so a probe never interleaves with a journey.
 */
export class ProbeLoop {
  readonly #o: ProbeLoopOptions;
  readonly #vus: VirtualUser[];
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(options: ProbeLoopOptions) {
    this.#o = options;
    this.#vus = [0, 1, 2].map((i) => {
      const n = options.firstVu + i;
      const c = credentialsOf(options.context.journey, n);
      return new VirtualUser(n, c.username, c.password, seededRandom(deriveSeed(options.seed, n)));
    });
  }

  start(): void {
    this.#running = this.#loop();
  }

  /** Stops after the round in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
  }

  async #loop(): Promise<void> {
    const { context: ctx, everyMs } = this.#o;
    const [writer, replayer, fixer] = this.#vus as [VirtualUser, VirtualUser, VirtualUser];
    // First round after one period: the journey VUs log in first.
    await ctx.stop.sleep(everyMs);
    while (!this.#stopped && !ctx.stop.stopping) {
      try {
        await concurrentWritesProbe(ctx, writer);
        if (ctx.journey.logout) {
          const origins = await this.#o.nodeOrigins();
          await replayAfterLogoutProbe(ctx, replayer, origins, this.#o.replayDelayMs);
        }
        await preLoginSessionProbe(ctx, fixer);
      } catch {
        // A probe's request errors are ops in the history; anything else must not end the run.
      }
      await ctx.stop.sleep(everyMs);
    }
  }
}
