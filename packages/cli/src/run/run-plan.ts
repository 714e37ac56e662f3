import {
  planSchedule,
  runsFaults,
  type CheckOptions,
  type PlannedFault,
  type Shard,
} from '@sessionchaos/core';
import type { LoadedScenario } from '../scenario-file.ts';

/** Plan length when the load is bounded by iterations rather than time: faults still heal at the end. */
export const OPEN_ENDED_MS = 24 * 3_600_000;

/** What a run will do, decided before anything starts: the first phase of every {@link Run}. */
export interface RunPlan {
  /** How long the load runs (the plan's horizon when the load is bounded by iterations). */
  runMs: number;
  /** The scheduled faults, each occurrence with its instants; empty on a shard that does not inject. */
  faults: PlannedFault[];
  /** The checkers' options: the scenario's, with the lab's node count when the run starts a lab. */
  checkOptions: CheckOptions;
  /** The most users at once: the first probe user comes after them. */
  maxVus: number;
  /** Whether this process runs the probes (only one shard of a sharded run does). */
  probes: boolean;
}

/** Plans a run of `loaded` (pure: nothing is started). A shard that does not run the faults plans none. */
export function planRun(loaded: LoadedScenario, shard?: Shard): RunPlan {
  const s = loaded.scenario;
  const runMs = s.load.durationMs ?? OPEN_ENDED_MS;
  const nodes = loaded.lab?.nodes;
  return {
    runMs,
    // Only one shard injects the faults (and runs the probes): N shards must not kill N nodes.
    faults: runsFaults(shard) ? planSchedule(s.faults, runMs) : [],
    checkOptions: { ...(nodes !== undefined ? { nodes } : {}), ...s.check },
    maxVus: s.load.model === 'closed' ? s.load.vus : s.load.maxVus,
    probes: s.probeEveryMs !== null && runsFaults(shard),
  };
}
