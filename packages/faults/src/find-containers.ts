import { runtime } from './runtime.ts';
import type { FaultTarget } from '@sessionchaos/core';
import type { Victim } from './fault-driver.ts';

/**
 * Running containers of the local engine that a fault target names: `container` (exact name, as
 * `docker ps` shows it) or `label` (`key=value`, e.g. `com.docker.compose.service=web` for a service
 * of a compose project). Role targets are the lab's to resolve, not this function's.
 */
export async function findContainers(target: FaultTarget): Promise<Victim[]> {
  const docker = (await runtime()).container.dockerode;
  let filters: Record<string, string[]>;
  if (target.container) filters = { name: [`^/${target.container}$`] };
  else if (target.label) filters = { label: [target.label] };
  else throw new Error('findContainers needs target.container or target.label');
  const found = await docker.listContainers({ all: true, filters });
  return found
    .map((c) => ({ name: (c.Names[0] ?? c.Id).replace(/^\//, ''), containerId: c.Id }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}
