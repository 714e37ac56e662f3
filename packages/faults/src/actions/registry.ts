import { cpuStress } from './cpu-stress.ts';
import type { EngineFaultAction } from './engine-action.ts';
import { kill } from './kill.ts';
import { latency } from './latency.ts';
import { loss } from './loss.ts';
import { partition } from './partition.ts';
import { pause } from './pause.ts';
import { restart } from './restart.ts';
import { stop } from './stop.ts';

/**
 * The actions the docker driver applies, one line each, under the names core's registry declares them
 * (`packages/core/src/faults/actions/registry.ts`). `failover` and `exec` have drivers of their own
 * (redis-driver.ts, exec-driver.ts).
 */
export const ENGINE_FAULT_ACTIONS: readonly EngineFaultAction[] = [
  kill,
  stop,
  restart,
  pause,
  partition,
  latency,
  loss,
  cpuStress,
];

/** The docker driver's side of an action, or undefined when another driver (or none) applies it. */
export function engineFaultAction(name: string): EngineFaultAction | undefined {
  return ENGINE_FAULT_ACTIONS.find((a) => a.name === name);
}
