import {
  DEFAULT_GRACE_MS,
  DEFAULT_JOURNEY,
  renderTemplate,
  validateJourney,
  validateLoad,
  type JourneySpec,
  type LoadSpec,
  type Shard,
} from '@sessionchaos/core';
import { setLongTimeout } from './long-timer.ts';
import type { Dispatcher } from 'undici';
import { defaultIteration, type Iteration } from './default-journey.ts';
import { createHttpClient } from './http-client.ts';
import { runClosed, runOpen, type LoadDriver } from './load-models.ts';
import { Recorder, type HistorySink, type MetricsTick, type RunTotals } from './recorder.ts';
import { deriveSeed, seededRandom } from '@sessionchaos/core';
import { StopSignal } from './stop-signal.ts';
import { VirtualUser } from './virtual-user.ts';
import { createVuContext, type VuContext } from './vu-context.ts';

/** Everything a run needs. Only `target` and `load` are required. */
export interface RunOptions {
  /** Base URL of the target; its origin is where VUs go. */
  target: string;
  load: LoadSpec;
  journey?: JourneySpec;
  /** What each iteration does (default: the journey's visit/login/whoami/write/read/logout). */
  iteration?: Iteration;
  seed?: number;
  /** Receives every op as it happens. */
  sink?: HistorySink;
  /** Called once a second with that second's metrics. */
  onMetrics?: (tick: MetricsTick) => void;
  /** A client to share (e.g. with probes); by default the run makes and closes its own. */
  client?: Dispatcher;
  connections?: number;
  timeoutMs?: number;
  /** This process's part of a run split into shards (`--shard K/N`); VU ids stay global. */
  shard?: Shard;
  /** Prefix of each response body kept for captures and checks (default 1 MiB); the rest is counted. */
  maxBodyBytes?: number;
}

/** A run in progress: `done` settles with the totals when it stops by itself or after `stop()`. */
export interface RunHandle {
  done: Promise<RunResult>;
  /** Ends the run early and cleanly: no new steps, in-flight requests get a short grace period (1 s at most). */
  stop(): void;
  /** The VUs created so far (for probes and flood mode reusing their cookies). */
  vus(): VirtualUser[];
  context: VuContext;
}

/** Totals of a finished run. */
export interface RunResult extends RunTotals {
  vus: number;
  iterations: number;
  /** Iterations that threw (a bug, not a target error: those are ops). */
  crashed: string[];
}

/** Thrown by `startRun` for an invalid journey or load; `errors` lists all of them. */
export class InvalidRunError extends Error {
  readonly errors: { path: string; message: string }[];
  constructor(errors: { path: string; message: string }[]) {
    super(`invalid run:\n${errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
    this.errors = errors;
  }
}

/** Credentials of VU `n` from the journey: templates rendered, or row (n-1) mod rows. */
export function credentialsOf(journey: JourneySpec, n: number): { username: string; password: string } {
  const c = journey.credentials;
  if ('rows' in c) return c.rows[(n - 1) % c.rows.length] as { username: string; password: string };
  return { username: renderTemplate(c.username, { vu: n }), password: renderTemplate(c.password, { vu: n }) };
}

/** Validates, then starts VUs on the target under the load model. Every run is bounded and stops by itself. */
export function startRun(options: RunOptions): RunHandle {
  const journey = options.journey ?? DEFAULT_JOURNEY;
  const errors = [...validateJourney(journey), ...validateLoad(options.load)];
  let origin = '';
  try {
    origin = new URL(options.target).origin;
  } catch {
    errors.push({ path: 'target', message: `"${options.target}" is not a URL (e.g. http://127.0.0.1:8080)` });
  }
  if (errors.length > 0) throw new InvalidRunError(errors);
  const seed = options.seed ?? 1;
  const ownClient = options.client === undefined;
  const client =
    options.client ?? createHttpClient({ connections: options.connections, timeoutMs: options.timeoutMs });
  const stop = new StopSignal();
  let destroyed = false;
  const destroy = (): void => {
    destroyed = true;
    void client.destroy().catch(() => {});
  };
  if (ownClient) stop.signal.addEventListener('abort', destroy, { once: true });
  const recorder = new Recorder(options.sink ?? (() => {}));
  // An own client is destroyed on hard stop instead: a per-request abort listener costs CPU.
  const ctx = createVuContext({
    target: origin,
    client,
    journey,
    recorder,
    stop,
    abortRequests: !ownClient,
    ...(options.maxBodyBytes !== undefined && { maxBodyBytes: options.maxBodyBytes }),
  });
  const vus = new Map<number, VirtualUser>();
  const crashed: string[] = [];
  const iteration = options.iteration ?? defaultIteration;
  const think = options.load.thinkMs ?? 0;
  const onCrash = (err: unknown): void => {
    if (crashed.length < 100) crashed.push(String((err as Error).stack ?? err));
  };
  const driver: LoadDriver = {
    recorder,
    stop,
    active: { count: 0 },
    ...(options.shard ? { shard: options.shard } : {}),
    vu(n) {
      let vu = vus.get(n);
      if (!vu) {
        const c = credentialsOf(journey, n);
        vu = new VirtualUser(n, c.username, c.password, seededRandom(deriveSeed(seed, n)));
        vus.set(n, vu);
      }
      return vu;
    },
    iterate(vu) {
      // Not async (one promise and one microtask fewer a run of the journey, which is a request
      // in a one-step journey); a crash is caught by the promise's own catch.
      const pause = (): Promise<void> =>
        stop.sleep(typeof think === 'number' ? think : think.min + vu.random() * (think.max - think.min));
      try {
        return iteration(vu, ctx, pause).catch(onCrash);
      } catch (err) {
        // An iteration that throws before its first await.
        onCrash(err);
        return Promise.resolve();
      }
    },
  };
  const ticker = setInterval(() => options.onMetrics?.(recorder.tick(driver.active.count)), 1000);
  const grace = options.load.graceMs ?? DEFAULT_GRACE_MS;
  const bound = options.load.durationMs;
  // The hard bound: a target that holds requests cannot keep the run past its duration plus the
  // grace (not the request timeout, 10 s: a 15 s run then lasted 21-24 s). What is still in flight is cut.
  const deadline =
    bound === undefined
      ? undefined
      : setLongTimeout(() => stop.stop(grace, "the load's duration ended"), bound + 1);
  const done = (async (): Promise<RunResult> => {
    try {
      if (options.load.model === 'closed') await runClosed(options.load, driver);
      else await runOpen(options.load, driver);
    } finally {
      clearInterval(ticker);
      deadline?.clear();
      options.onMetrics?.(recorder.tick(0));
      if (ownClient && !destroyed) await client.close();
    }
    let iterations = 0;
    for (const vu of vus.values()) iterations += vu.iteration;
    return { ...recorder.totals(), vus: vus.size, iterations, crashed };
  })();
  // Stopped early (Ctrl-C, `q`): a second at most for what is in flight, the grace if shorter.
  const early = (): void => stop.stop(Math.min(grace, 1000));
  return { done, stop: early, vus: () => [...vus.values()], context: ctx };
}
