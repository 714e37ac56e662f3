import { randomBytes } from 'node:crypto';
import { getContainerRuntimeClient, type ContainerRuntimeClient } from 'testcontainers';
import { LABELS, PROJECT_LABEL_VALUE, applyContainerDefaults } from '@sessionchaos/core';

/** How to get a Docker engine, told to whoever runs a Docker-tagged test without one. */
export const NO_DOCKER_HINT =
  'no Docker engine answered. Start one (Debian: apt-get install -y docker.io && dockerd &), ' +
  'or set DOCKER_HOST to a running engine; `bash scripts/setup.sh` does both. ' +
  'To skip Docker tests, run `pnpm test:quick`.';

/**
 * The project's testcontainers defaults (core's applyContainerDefaults): no reaper, since it is pulled
 * from a registry that may be unreachable (the tests remove what they start by label), and ports probed
 * on 127.0.0.1 with a local engine. Applied when this module loads, before any runtime lookup.
 */
export function configureReaper(env: NodeJS.ProcessEnv = process.env): void {
  applyContainerDefaults(env);
}
configureReaper();

let client: Promise<ContainerRuntimeClient> | undefined;

/**
 * Resolves with the container runtime client when a Docker engine answers; rejects with an
 * error that says how to start one otherwise. Docker-tagged tests call this first.
 */
export function requireDocker(): Promise<ContainerRuntimeClient> {
  client ??= getContainerRuntimeClient().catch((error: unknown) => {
    client = undefined;
    throw new Error(`${NO_DOCKER_HINT}\n(${error instanceof Error ? error.message : String(error)})`);
  });
  return client;
}

/** A fresh run id for the labels of what one test file starts. */
export function newRunId(prefix = 'test'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Labels that mark a container or network as the project's, for run `runId`. */
export function projectLabels(runId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { [LABELS.project]: PROJECT_LABEL_VALUE, [LABELS.run]: runId, ...extra };
}

/**
 * Removes every container and network labelled with this run id (and only those).
 * Returns how many containers were removed.
 */
export async function removeByRunId(runId: string): Promise<number> {
  const rt = await requireDocker();
  const docker = rt.container.dockerode;
  const filters = { label: [`${LABELS.project}=${PROJECT_LABEL_VALUE}`, `${LABELS.run}=${runId}`] };
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
  const networks = await docker.listNetworks({ filters });
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
