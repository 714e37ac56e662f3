import { DEFAULT_JOURNEY, DEFAULT_MAX_BODY_BYTES, type JourneySpec } from '@sessionchaos/core';
import type { Dispatcher } from 'undici';
import { Recorder, type HistorySink } from './recorder.ts';
import { StopSignal } from './stop-signal.ts';
import { compileJourney } from './compiled-step.ts';
import type { VuContext } from './virtual-user.ts';

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
