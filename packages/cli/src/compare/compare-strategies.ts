import { LAB_STRATEGY_REGISTRY, labStrategy, type LabStrategyDefinition } from '@sessionchaos/core';
import type { LabSpec } from '@sessionchaos/lab';
import type { SessionPlacement } from './compare-lab-figures.ts';

/** One strategy of the comparison: the lab it runs, and what "one node (or the store) killed" means there. */
export interface CompareStrategy {
  name: string;
  /** The design documents' words for it. */
  label: string;
  lab: LabSpec;
  /** The role killed by the `kill` fault plan: an app node (the busiest), or the session store. */
  victim: string;
}

function tableRank(s: LabStrategyDefinition): number {
  if (s.sessions === 'none') return 3;
  if (s.sessions === 'store') return 2;
  return s.replicates ? 1 : 0;
}

/**
 * Every strategy `sessionchaos compare` knows, in the order of the table: the compare rows of the lab strategy
 * registry, by where they keep sessions. A row's lab is checked when its lab starts (core names the spec only loosely: it cannot import
 * the lab package's `LabSpec`).
 */
export const COMPARE_STRATEGIES: readonly CompareStrategy[] = [...LAB_STRATEGY_REGISTRY]
  // From sessions in each node, to nodes that copy them, to a shared store, to none server-side (stable sort).
  .sort((a, b) => tableRank(a) - tableRank(b))
  .flatMap((s) => s.compare.map((row) => ({ ...row, lab: row.lab as LabSpec })));

/** The strategies named in `--strategies a,b` (all when none), or the unknown names. */
export function pickStrategies(
  names: string[] | undefined,
): { ok: true; strategies: CompareStrategy[] } | { ok: false; unknown: string[] } {
  if (!names || names.length === 0) return { ok: true, strategies: [...COMPARE_STRATEGIES] };
  const unknown = names.filter((n) => !COMPARE_STRATEGIES.some((s) => s.name === n));
  if (unknown.length > 0) return { ok: false, unknown };
  return { ok: true, strategies: COMPARE_STRATEGIES.filter((s) => names.includes(s.name)) };
}

/** Containers a lab runs: its moving parts (nodes, the balancer, its store containers). */
export function movingParts(lab: LabSpec): number {
  const store = labStrategy(lab.strategy)?.storeContainers({ ...lab }) ?? 0;
  return (lab.nodes ?? 3) + 1 + store;
}

/** Where a lab keeps its sessions: which of the lab figures mean something for it. */
export function placementOf(lab: LabSpec): SessionPlacement {
  const s = labStrategy(lab.strategy);
  return {
    sessions: s?.sessions ?? 'nodes',
    replicates: s?.replicates ?? false,
    store: (s?.storeContainers({ ...lab }) ?? 0) > 0,
  };
}
