import type Dockerode from 'dockerode';
import { COMPOSE_LABELS, type ComposeTarget } from '@sessionchaos/core';
import { FaultError } from './fault-driver.ts';

/** What a partition of a Compose replica cuts it from: whom, and their addresses on the victim's networks. */
export interface PartitionPeers {
  /** `the other replicas of web`, `service redis`: for the fault's line. */
  what: string;
  addresses: string[];
}

/**
 * The addresses a `partition` with `params.from` cuts a Compose replica from: the other replicas
 * of its service (`peers`) or the containers of another service of its project, on the networks the
 * victim shares with them. Cutting by address keeps the victim on its networks: the balancer still
 * reaches it, as when a replica loses its cluster peers or its store but not its users.
 */
export async function partitionPeers(
  engine: Dockerode,
  compose: ComposeTarget,
  victimId: string,
  from: string,
): Promise<PartitionPeers> {
  const service = from === 'peers' ? compose.service : from;
  const what = from === 'peers' ? `the other replicas of ${compose.service}` : `service ${from}`;
  const [victim, listed] = await Promise.all([
    engine.getContainer(victimId).inspect(),
    engine.listContainers({
      filters: {
        label: [`${COMPOSE_LABELS.project}=${compose.project}`, `${COMPOSE_LABELS.service}=${service}`],
      },
    }),
  ]);
  const shared = new Set(Object.keys(victim.NetworkSettings.Networks ?? {}));
  const addresses = listed
    .filter((c) => c.Id !== victimId)
    .flatMap((c) =>
      Object.entries(c.NetworkSettings?.Networks ?? {})
        .filter(([net, endpoint]) => shared.has(net) && endpoint.IPAddress)
        .map(([, endpoint]) => endpoint.IPAddress),
    );
  if (addresses.length === 0)
    throw new FaultError(
      `could not partition ${victim.Name.replace(/^\//, '')} from ${what} of Compose project ${compose.project}: ` +
        'no running container of it shares a network with the victim. Check the service name ' +
        `(\`docker compose -p ${compose.project} ps\`), or use params.ports or no params.from`,
    );
  return { what, addresses: [...new Set(addresses)].sort() };
}
