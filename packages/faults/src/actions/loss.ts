import type { EngineFaultAction } from './engine-action.ts';
import { insertRules } from './iptables-rules.ts';

/** The iptables rules (without the verb) that drop `lossPercent` of packets at random, both ways. */
function lossRules(lossPercent: number): string[][] {
  const probability = String(lossPercent / 100);
  return ['INPUT', 'OUTPUT'].map((chain) => [
    chain,
    '-m',
    'statistic',
    '--mode',
    'random',
    '--probability',
    probability,
    '-j',
    'DROP',
  ]);
}

/** `loss`: iptables drops a share of packets both ways in the victim's namespace; healed by deleting the rules. */
export const loss: EngineFaultAction = {
  name: 'loss',
  undo: ['nsenter'],
  async apply(c) {
    await insertRules(c, lossRules(c.params.lossPercent ?? 0));
    return { detail: `${c.name} drops ${c.params.lossPercent}% of packets both ways` };
  },
};
