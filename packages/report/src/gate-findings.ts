import type { Finding, GateResult, Threshold } from '@sessionchaos/core';
import { thresholdName } from '@sessionchaos/core';

/**
 * The threshold a gate came from. Gates carry only a name, so this matches it the way core
 * names them: `thresholdName(t)`, with ` rate` added to the second gate of a count+rate threshold.
 */
export function thresholdOf(gate: GateResult, thresholds: readonly Threshold[]): Threshold | undefined {
  return thresholds.find((t) => {
    const name = thresholdName(t);
    return gate.name === name || gate.name === `${name} rate`;
  });
}

/** The findings a finding gate judged (of its kind, with occurrences in its scope). */
export function findingsOf(threshold: Threshold | undefined, findings: readonly Finding[]): Finding[] {
  if (threshold?.metric !== 'finding') return [];
  const scope = threshold.scope ?? 'all';
  return findings.filter((f) => {
    if (f.kind !== threshold.kind) return false;
    if (scope === 'during-fault') return f.phases.during > 0;
    if (scope === 'after-fault') return f.phases.after > 0;
    if (scope === 'steady') return f.phases.steady > 0;
    return true;
  });
}
