import { faultAction } from './fault-action.ts';

/** `loss`'s params. */
export interface LossParams {
  /** Share of packets dropped, 0 to 100. */
  lossPercent?: number;
}

/** `loss`: drop a share of the container's packets, both ways, until healed. */
export const loss = faultAction<LossParams>()({
  name: 'loss',
  summary: "drops `lossPercent` of the container's packets both ways (iptables) until healed.",
  lasting: true,
  params: {
    lossPercent: {
      type: 'number 0..100',
      description: '`loss`: share of packets dropped (required, above 0).',
      example: 30,
      schema: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
    },
  },
  check({ params: p, err }) {
    if (!(p.lossPercent !== undefined && p.lossPercent > 0 && p.lossPercent <= 100))
      err('params.lossPercent', 'loss needs params.lossPercent above 0 and at most 100');
  },
  nodeState: 'degraded',
});
