import { composeTargetName, faultActionDef, type PlannedFault } from '@sessionchaos/core';

/** Formats ms from the run's start as `m:ss.s`. */
function clock(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}:${((ms % 60_000) / 1000).toFixed(1).padStart(4, '0')}`;
}

/**
 * The `--dry-run` listing: one line per planned fault with its window and the victims it would hit
 * (resolved with the run's seed), and nothing touched.
 */
export function describePlan(
  plan: readonly PlannedFault[],
  victims: ReadonlyMap<string, readonly string[]>,
): string[] {
  return plan.map((p) => {
    const hit = victims.get(p.key);
    const who =
      hit === undefined
        ? 'victims chosen when it starts'
        : hit.length === 0
          ? 'NO VICTIM MATCHES'
          : hit.join(', ');
    const t = p.spec.target;
    const target = t.role ?? t.container ?? t.label ?? (t.compose ? composeTargetName(t.compose) : 'hook');
    // An action may word its line itself (an exec hook shows its command); the registry says.
    const describe = faultActionDef(p.spec.action)?.describe;
    const what = describe ? describe(p.spec.params ?? {}, target) : `${p.spec.action} ${target}`;
    return `${clock(p.startMs)} -> ${clock(p.endMs)}  ${p.key.padEnd(18)} ${what} -> ${who}`;
  });
}
