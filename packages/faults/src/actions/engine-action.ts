import type Dockerode from 'dockerode';
import type { FaultActionName, FaultParams, FaultTarget } from '@sessionchaos/core';
import type { ActionUndoStep, UndoStep } from '../fault-driver.ts';
import type { DirectSignal, SignalOutcome } from '../signal-faults.ts';

/** What an action of the docker driver is given to act on one victim. */
export interface EngineFaultContext {
  engine: Dockerode;
  container: Dockerode.Container;
  containerId: string;
  name: string;
  params: FaultParams;
  target: FaultTarget;
  /** Journals an undo step; call it BEFORE the effect it undoes, so a crash leaves it to `sessionchaos heal`. */
  journal(step: UndoStep): Promise<void>;
  /** Runs argv (iptables, tc) in the victim's network namespace and returns its output (netns.ts). */
  netns(argv: string[]): Promise<string>;
  /** The victim's direct signal (a kill or stop armed ahead, or sent now): signal-faults.ts. */
  signal: DirectSignal;
}

/**
 * The driver side of one fault action the docker driver applies, registered in `registry.ts` under the name its
 * declaration has in core (`packages/core/src/faults/actions/`): `apply` journals its undo, acts, and confirms the
 * effect by looking at the victim (confirm-effect.ts) before it returns the line that describes it.
 */
export interface EngineFaultAction {
  readonly name: FaultActionName;
  /**
   * The undo step kinds `apply` journals: how it is healed (`action`: by its own `heal`). Empty for an action
   * with nothing to heal (a restart); the registry test holds a lasting action to a heal.
   */
  readonly undo: readonly UndoStep['kind'][];
  apply(c: EngineFaultContext): Promise<SignalOutcome>;
  /**
   * Heals a step of kind `action` this action journaled (idempotent: healing what is healed says so). Absent when
   * its heal uses a shared step kind (start, unpause, connect, nsenter).
   */
  heal?(engine: Dockerode, step: ActionUndoStep): Promise<string>;
}
