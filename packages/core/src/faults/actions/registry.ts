import { cpuStress } from './cpu-stress.ts';
import { exec } from './exec.ts';
import { failover } from './failover.ts';
import type { FaultActionDef } from './fault-action.ts';
import { kill } from './kill.ts';
import { latency } from './latency.ts';
import { loss } from './loss.ts';
import { partition } from './partition.ts';
import { pause } from './pause.ts';
import { restart } from './restart.ts';
import { stop } from './stop.ts';

/**
 * Every fault action a scenario may name, one line each, in the order the reference lists them. The schema, the
 * reference, the validator, the dashboard and its keys read this list; the faults package's registry
 * (`packages/faults/src/actions/registry.ts`) holds the driver side under the same names.
 */
export const FAULT_ACTIONS = [
  kill,
  stop,
  restart,
  pause,
  partition,
  latency,
  loss,
  failover,
  exec,
  cpuStress,
] as const;

/** The name of an action of the registry. */
export type FaultActionName = (typeof FAULT_ACTIONS)[number]['name'];

type ParamsOf<D> = D extends FaultActionDef<string, infer P> ? P : never;
type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Parameters of every action, built from the registry (each action declares its own). */
export type FaultParams = Intersection<ParamsOf<(typeof FAULT_ACTIONS)[number]>>;

const BY_NAME: ReadonlyMap<string, FaultActionDef> = new Map(
  FAULT_ACTIONS.map((a): [string, FaultActionDef] => [a.name, a as FaultActionDef]),
);

/** The declaration of a fault action, or undefined for a name the registry lacks (`heal`, `unpause`, a typo). */
export function faultActionDef(name: string): FaultActionDef | undefined {
  return BY_NAME.get(name);
}
