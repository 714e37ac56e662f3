import { getContainerRuntimeClient, type ContainerRuntimeClient } from 'testcontainers';
import { LABELS, PROJECT_LABEL_VALUE, applyContainerDefaults } from '@sessionchaos/core';

/** Marks what `LabCluster` started, so `lab down` and `lab status` never touch other runs' containers. */
export const LAB_LABEL = 'dev.sessionchaos.lab';

/** Labels of everything a lab run creates (the `@sessionchaos/testkit` projectLabels semantics). */
export function labLabels(runId: string, role?: string): Record<string, string> {
  return {
    [LABELS.project]: PROJECT_LABEL_VALUE,
    [LABELS.run]: runId,
    [LAB_LABEL]: 'true',
    ...(role ? { [LABELS.role]: role } : {}),
  };
}

/**
 * The container runtime, or an error saying how to get one, with the project's testcontainers defaults
 * (no reaper: labs are removed by label; ports probed on 127.0.0.1) applied first.
 */
export async function labRuntime(): Promise<ContainerRuntimeClient> {
  applyContainerDefaults(process.env);
  try {
    return await getContainerRuntimeClient();
  } catch (error) {
    throw noDockerError(error);
  }
}

/** The error for a machine where no Docker engine answers: what failed, and how to start one. */
export function noDockerError(cause: unknown, env: NodeJS.ProcessEnv = process.env): Error {
  const socket = env['DOCKER_HOST'] ?? '/var/run/docker.sock';
  return new Error(
    `could not start the lab - no Docker engine answered at ${socket}. ` +
      'Start one (dockerd; Debian: apt-get install -y docker.io) or set DOCKER_HOST. ' +
      `(${cause instanceof Error ? cause.message : String(cause)})`,
    { cause },
  );
}

/** A container of a lab, as `lab status` lists it. */
export interface LabContainerInfo {
  id: string;
  name: string;
  runId: string;
  role: string;
  state: string;
  /** Published ports as `127.0.0.1:HOST->CONTAINER`. */
  ports: string[];
}

/** Every container of the project's labs (one run, or all runs). */
export async function listLabContainers(runId?: string): Promise<LabContainerInfo[]> {
  const docker = (await labRuntime()).container.dockerode;
  const label = [
    `${LABELS.project}=${PROJECT_LABEL_VALUE}`,
    `${LAB_LABEL}=true`,
    ...(runId ? [`${LABELS.run}=${runId}`] : []),
  ];
  const containers = await docker.listContainers({ all: true, filters: { label } });
  return containers.map((c) => ({
    id: c.Id,
    name: (c.Names[0] ?? '').replace(/^\//, ''),
    runId: c.Labels[LABELS.run] ?? '',
    role: c.Labels[LABELS.role] ?? '',
    state: c.State,
    ports: c.Ports.filter((p) => p.PublicPort).map((p) => `${p.IP}:${p.PublicPort}->${p.PrivatePort}`),
  }));
}

/** Removes every container and network of a lab run (all labs when `runId` is omitted). Returns the container count. */
export async function removeLab(runId?: string): Promise<number> {
  const docker = (await labRuntime()).container.dockerode;
  const label = [
    `${LABELS.project}=${PROJECT_LABEL_VALUE}`,
    `${LAB_LABEL}=true`,
    ...(runId ? [`${LABELS.run}=${runId}`] : []),
  ];
  const containers = await docker.listContainers({ all: true, filters: { label } });
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
  const networks = await docker.listNetworks({ filters: { label } });
  await Promise.all(
    networks.map((n) =>
      docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => undefined),
    ),
  );
  return containers.length;
}
