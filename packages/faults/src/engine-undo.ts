import type Dockerode from 'dockerode';
import { FaultError, type UndoStep } from './fault-driver.ts';
import { NOT_RUNNING, nsenter } from './netns.ts';
import { engineFaultAction } from './actions/registry.ts';

/** Docker answers 304 (already started/stopped) and 409 (not paused, already connected) when a heal is a no-op. */
function isNoOp(error: unknown): boolean {
  const code = (error as { statusCode?: number }).statusCode;
  const message = String((error as Error).message ?? '');
  return (
    code === 304 ||
    (code === 409 && /not paused|already exists|is not running/.test(message)) ||
    (code === 403 && /already exists/.test(message))
  );
}

/**
 * Applies one undo step of a docker fault; idempotent: healing what is already healed says so.
 * `started` is told of a container started again (its new pid is to be learned).
 */
export async function undoOnEngine(
  engine: Dockerode,
  step: UndoStep,
  started: (containerId: string) => Promise<void>,
): Promise<string | undefined> {
  if (step.kind === 'exec' || step.kind === 'redis')
    throw new FaultError(`the docker driver cannot undo a ${step.kind} step`);
  const container = engine.getContainer(step.containerId);
  try {
    switch (step.kind) {
      case 'start':
        await container.start();
        await started(step.containerId);
        return `${step.name} started`;
      case 'unpause':
        await container.unpause();
        return `${step.name} unpaused`;
      case 'connect':
        await engine
          .getNetwork(step.networkId)
          .connect({ Container: step.containerId, EndpointConfig: { Aliases: step.aliases } });
        return `${step.name} reconnected`;
      case 'nsenter':
        await nsenter(engine, step.containerId, step.argv);
        return `${step.name}: ${step.argv.join(' ')}`;
      case 'action': {
        // The action that journaled it heals it (actions/registry.ts).
        const heal = engineFaultAction(step.action)?.heal;
        if (!heal) throw new FaultError(`the docker driver has no heal for a ${step.action} step`);
        return await heal(engine, step);
      }
    }
  } catch (error) {
    if (isNoOp(error)) return `${step.name} was already healed`;
    // An iptables -D of a rule that is gone, or a tc del with no qdisc: nothing left to heal.
    if (
      error instanceof FaultError &&
      /Bad rule|No such file|Cannot delete qdisc/i.test(error.output ?? '')
    ) {
      return `${step.name} was already healed`;
    }
    // Killed or stopped meanwhile: its network namespace, with the rules and qdiscs in it, is gone.
    if (step.kind === 'nsenter' && error instanceof FaultError && error.output === NOT_RUNNING)
      return `${step.name} was already healed (not running: its network rules went with it)`;
    throw error;
  }
}
