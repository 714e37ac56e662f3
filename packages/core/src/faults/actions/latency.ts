import { LIMITS } from '../../scenario/limits.ts';
import { faultAction } from './fault-action.ts';

/** `latency`'s params. */
export interface LatencyParams {
  /** Added delay in ms. */
  latencyMs?: number;
}

/** `latency`: a netem delay on the container's eth0 until healed. */
export const latency = faultAction<LatencyParams>()({
  name: 'latency',
  summary: "delays every packet of the container's eth0 by `latencyMs` (tc netem) until healed.",
  lasting: true,
  params: {
    latencyMs: {
      type: 'number ms',
      description: '`latency`: delay added (required, above 0).',
      example: 200,
      schema: { type: 'number', exclusiveMinimum: 0, maximum: LIMITS.maxDurationMs },
    },
  },
  check({ params: p, err }) {
    if (!(p.latencyMs !== undefined && p.latencyMs > 0 && p.latencyMs <= LIMITS.maxDurationMs))
      err('params.latencyMs', 'latency needs params.latencyMs above 0 and at most 7 days');
  },
  nodeState: 'degraded',
});
