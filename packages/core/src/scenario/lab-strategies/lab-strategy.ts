import type { JourneySpec } from '../journey.ts';

/**
 * A lab spec as a strategy's definition writes it (`{strategy: 'redis', redis: {topology: 'sentinel'}}`): the lab
 * package's `LabSpec`, which core cannot name (core imports no other package). The lab checks it when it starts.
 */
export interface LabSpecInput {
  strategy: string;
  nodes?: number;
  [option: string]: unknown;
}

/** One row of `sessionchaos compare`: a lab of this strategy, and what "kill" means for it. */
export interface CompareRow {
  /** Row name, stable (`--strategies NAME`). */
  name: string;
  /** The design documents' words for it. */
  label: string;
  lab: LabSpecInput;
  /** The fault role the `kill` plan takes down: an app node (the busiest), or the session store. */
  victim: string;
}

/**
 * The pure part of a lab strategy: what the scenario schema, `validate`, fault roles, the lab journey and
 * `compare` need to know, with no Docker. The Docker part (its store container) is a `LabStore` in
 * `packages/lab/src/cluster/lab-stores.ts`, its app backend a line in `packages/lab/src/app/app-backends.ts`.
 */
export interface LabStrategyDefinition<Name extends string = string> {
  name: Name;
  /** One line for the reference and `sessionchaos lab --help`. */
  description: string;
  /** `nodes`: in the app nodes' memory; `store`: in a store container; `none`: nothing server-side (JWT). */
  sessions: 'nodes' | 'store' | 'none';
  /** The app nodes copy sessions to each other (clustering). */
  replicates: boolean;
  /**
   * Fault roles of the store containers this strategy starts, each one container named as the role (a
   * `LabStore`'s role). Redis's roles (`redis-primary`, `redis-replica`, `sentinel`) move with failovers and
   * stay in `FAULT_ROLES` by hand.
   */
  storeRoles: readonly string[];
  /** Store containers a lab of this spec runs (the compare table's moving parts). */
  storeContainers: (lab: LabSpecInput) => number;
  /** The journey its app speaks; the lab app's own (`DEFAULT_JOURNEY`) when absent. */
  journey?: JourneySpec;
  /** Its rows in `sessionchaos compare` (none: not compared). */
  compare: readonly CompareRow[];
}

/** Keeps a definition's name as a literal type, so the registry yields the union of strategy names. */
export const defineLabStrategy = <const Name extends string>(
  definition: LabStrategyDefinition<Name>,
): LabStrategyDefinition<Name> => definition;
