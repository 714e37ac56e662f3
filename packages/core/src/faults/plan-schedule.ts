import type { FaultSpec, PlannedFault } from './fault-spec.ts';

/**
 * Expands fault specs into planned occurrences, in start order, all within the run.
 * Pure and deterministic: the same specs and run length give the same plan.
 */
export function planSchedule(specs: readonly FaultSpec[], runMs: number): PlannedFault[] {
  const plan: PlannedFault[] = [];
  for (const spec of specs) {
    const max = spec.times ?? (spec.every ? Number.POSITIVE_INFINITY : 1);
    for (let occurrence = 1, start = spec.at; occurrence <= max && start < runMs; occurrence++) {
      const endMs = Math.min(runMs, spec.duration === undefined ? runMs : start + spec.duration);
      plan.push({ key: `${spec.id}#${occurrence}`, spec, occurrence, startMs: start, endMs });
      if (!spec.every) break;
      start += spec.every;
    }
  }
  return plan.sort((a, b) => a.startMs - b.startMs || a.key.localeCompare(b.key));
}
