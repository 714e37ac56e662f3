import { DEFAULT_JOURNEY, DEFAULT_MAX_BODY_BYTES, type JourneySpec, type VuOp } from '@sessionchaos/core';
import type { Dispatcher } from 'undici';
import type { Answer } from './capture.ts';
import type { ExchangeOptions } from './exchange.ts';
import { Recorder, type HistorySink } from './recorder.ts';
import { StopSignal } from './stop-signal.ts';
import { compileJourney, type CompiledJourney } from './compiled-step.ts';

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

/** What a VU context is made from. The journey must be valid (see `validateJourney`). */
export interface VuContextOptions {
  target: string;
  client: Dispatcher;
  journey?: JourneySpec;
  sink?: HistorySink;
  recorder?: Recorder;
  stop?: StopSignal;
  /** Pass the stop signal to every request (needed when the client is shared and cannot be destroyed). */
  abortRequests?: boolean;
  /** Prefix of each response body kept for captures and checks (default 1 MiB); the rest is counted. */
  maxBodyBytes?: number;
}

/** Builds the context VUs and probes share: client, recorder, compiled journey, redirect rules. */
export function createVuContext(options: VuContextOptions): VuContext {
  const journey = options.journey ?? DEFAULT_JOURNEY;
  const origin = new URL(options.target).origin;
  const stop = options.stop ?? new StopSignal();
  return {
    client: options.client,
    recorder: options.recorder ?? new Recorder(options.sink ?? (() => {})),
    journey,
    origin,
    exchange: {
      maxHops: journey.maxHops,
      allowedOrigins: new Set([origin, ...journey.allowedOrigins.map((o) => new URL(o).origin)]),
      node: journey.node,
      ...(options.abortRequests === true && { signal: stop.signal }),
      // The run's override (SESSIONCHAOS_MAX_BODY_BYTES) first, then the journey's own limit.
      maxBodyBytes: options.maxBodyBytes ?? journey.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    },
    compiled: compileJourney(journey),
    stop,
  };
}
