import type { FaultAction } from '../history/op.ts';
import type { FaultParams } from './actions/registry.ts';
import { FAULT_ACTIONS } from './actions/registry.ts';
import type { FaultTarget, VictimSelector } from './fault-target.ts';

export {
  FAULT_ROLES,
  NAMED_SELECTORS,
  type ComposeTarget,
  type FaultRole,
  type FaultTarget,
  type VictimSelector,
} from './fault-target.ts';
export { FAILOVER_HOWS, type FailoverHow } from './actions/failover.ts';
export type { FaultParams } from './actions/registry.ts';

/** One fault of a scenario: what, on what, when, for how long. Times are ms from the run's start. */
export interface FaultSpec {
  id: string;
  action: FaultAction;
  target: FaultTarget;
  select?: VictimSelector;
  at: number;
  /** Heal after this long; absent: actions with an effect that lasts (pause, partition, loss...) heal at run end. */
  duration?: number;
  /** Repeat every this many ms until the run ends (or `times` occurrences). */
  every?: number;
  times?: number;
  params?: FaultParams;
  /**
   * False: the run may go without this fault's effect (a best-effort hook). By default a fault that
   * did not take effect makes the verdict `unknown`: the run did not test what it planned.
   */
  required?: boolean;
}

/** One planned occurrence of a fault. */
export interface PlannedFault {
  /** `<fault id>#<occurrence>` (occurrence from 1). */
  key: string;
  spec: FaultSpec;
  occurrence: number;
  startMs: number;
  /** When its heal is due (at most the run's end). */
  endMs: number;
}

/** A validation problem, with where it is (`faults[2].action`) and what would be valid. */
export interface FaultSpecError {
  path: string;
  message: string;
}

/**
 * Actions a fault may name in a scenario, read from the registry (`heal` and `unpause` are what faults end
 * with, not faults themselves).
 */
export const SCENARIO_FAULT_ACTIONS: readonly FaultAction[] = FAULT_ACTIONS.map((a) => a.name);

/**
 * Whether a target names containers of the user's own (by name, label or Compose service) rather than a
 * role of the lab: such a fault needs `--allow-external` and the docker driver.
 */
export function namesContainers(t: FaultTarget): boolean {
  return t.container !== undefined || t.label !== undefined || t.compose !== undefined;
}
