import { runtime } from './runtime.ts';
import { COMPOSE_LABELS, composeReplicaName, type FaultTarget } from '@sessionchaos/core';
import type { Victim } from './fault-driver.ts';

/**
 * Containers of the local engine that a fault target names: `container` (exact name, as `docker
 * ps` shows it), `label` (`key=value`), or `compose` (the replicas of a Compose service, by the
 * labels Compose set). Role targets are the lab's to resolve, not this function's.
 *
 * A Compose replica is named `<service>-<number>` (`web-2`, so `select: {name: web-2}` picks it);
 * its container name and hostname are its aliases, the names its app may give itself in its node
 * header (Docker's default hostname is the short container id).
 */
export async function findContainers(target: FaultTarget): Promise<Victim[]> {
  const docker = (await runtime()).container.dockerode;
  let filters: Record<string, string[]>;
  if (target.container) filters = { name: [`^/${target.container}$`] };
  else if (target.label) filters = { label: [target.label] };
  else if (target.compose)
    filters = {
      label: [
        `${COMPOSE_LABELS.project}=${target.compose.project}`,
        `${COMPOSE_LABELS.service}=${target.compose.service}`,
      ],
    };
  else throw new Error('findContainers needs target.container, target.label or target.compose');
  const found = await docker.listContainers({ all: true, filters });
  const victims = await Promise.all(
    found.map(async (c): Promise<Victim> => {
      const name = (c.Names[0] ?? c.Id).replace(/^\//, '');
      if (!target.compose) return { name, containerId: c.Id };
      const replica = composeReplicaName(target.compose.service, c.Labels[COMPOSE_LABELS.number]);
      const hostname = await docker
        .getContainer(c.Id)
        .inspect()
        .then(
          (info) => info.Config.Hostname,
          () => undefined,
        );
      const aliases = [name, hostname].filter((a): a is string => !!a && a !== replica);
      return { name: replica ?? name, containerId: c.Id, aliases };
    }),
  );
  return victims.sort((a, b) => (a.name < b.name ? -1 : 1));
}
