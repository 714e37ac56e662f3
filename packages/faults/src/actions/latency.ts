import { confirmDelay } from '../confirm-effect.ts';
import type { EngineFaultAction } from './engine-action.ts';

/** `latency`: a netem qdisc delays eth0's packets; healed by deleting the qdisc. */
export const latency: EngineFaultAction = {
  name: 'latency',
  undo: ['nsenter'],
  async apply({ containerId, name, params, journal, netns }) {
    const latencyMs = params.latencyMs ?? 0;
    await journal({
      kind: 'nsenter',
      containerId,
      name,
      argv: ['tc', 'qdisc', 'del', 'dev', 'eth0', 'root'],
    });
    await netns(['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'netem', 'delay', `${latencyMs}ms`]);
    await confirmDelay(netns, name, latencyMs);
    return { detail: `${name} delays its packets by ${latencyMs}ms` };
  },
};
