import { confirmRules } from '../confirm-effect.ts';
import type { EngineFaultContext } from './engine-action.ts';

/**
 * Inserts iptables rules (given without the -I/-D verb) in the victim's network namespace, each one's `-D`
 * journaled first, then confirms every rule is in place (`iptables -C`).
 */
export async function insertRules(c: EngineFaultContext, rules: string[][]): Promise<void> {
  for (const rule of rules) {
    await c.journal({
      kind: 'nsenter',
      containerId: c.containerId,
      name: c.name,
      argv: ['iptables', '-D', ...rule],
    });
    await c.netns(['iptables', '-I', ...rule]);
  }
  await confirmRules(c.netns, c.name, rules);
}
