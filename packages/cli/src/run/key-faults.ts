import {
  FAULT_ACTIONS,
  namesContainers,
  type FaultSpec,
  type FaultTarget,
  type PlannedFault,
  type Scenario,
} from '@sessionchaos/core';

/** How long a fault injected from the dashboard holds before its heal (a killed node is started again). */
export const KEY_FAULT_MS = 10_000;

/** The dashboard commands that inject a fault, and the fault each one is: the registry's `keys`. */
const KEY_FAULTS: Readonly<Record<string, Pick<FaultSpec, 'action' | 'target' | 'select' | 'params'>>> =
  Object.fromEntries(
    FAULT_ACTIONS.flatMap((a) =>
      (a.keys ?? []).map((k) => [
        k.command,
        {
          action: a.name,
          target: k.target,
          ...(k.select ? { select: k.select } : {}),
          ...(k.params ? { params: k.params } : {}),
        },
      ]),
    ),
  );

/** Whether a dashboard command is a fault. */
export function isKeyFault(command: string): boolean {
  return command in KEY_FAULTS;
}

/**
 * The containers the node keys act on when the run targets a URL rather than the lab: the target of
 * the scenario's first fault that names containers (`{container}`, `{label}` or `{compose}`), if any.
 */
export function externalNodesTarget(scenario: Scenario): FaultTarget | undefined {
  return scenario.faults.find((f) => namesContainers(f.target))?.target;
}

/**
 * A fault injected by a key, planned like a scheduled one so it is recorded, attributed and healed
 * the same way: `key-kill-busiest-1#1`, starting now and healing {@link KEY_FAULT_MS} later.
 * `nodes` replaces the lab's app nodes as the target (an external cluster's containers).
 */
export function keyFault(command: string, n: number, nowMs: number, nodes?: FaultTarget): PlannedFault {
  const what = KEY_FAULTS[command];
  if (what === undefined) throw new Error(`"${command}" is not a fault command`);
  const id = `key-${command}-${n}`;
  const target = nodes !== undefined && what.target.role === 'app' ? nodes : what.target;
  const spec: FaultSpec = { id, ...what, target, at: Math.round(nowMs), duration: KEY_FAULT_MS };
  return { key: `${id}#1`, spec, occurrence: 1, startMs: nowMs, endMs: nowMs + KEY_FAULT_MS };
}
