import { runtime } from './runtime.ts';
import { LABELS, PROJECT_LABEL_VALUE } from '@sessionchaos/core';

/**
 * Unpauses every paused container carrying the project's label: a `pause` fault whose journal was
 * lost must not leave a node frozen. Returns the names of the containers it unpaused.
 */
export async function unpauseProjectContainers(): Promise<string[]> {
  const docker = (await runtime()).container.dockerode;
  const paused = await docker.listContainers({
    all: true,
    filters: { label: [`${LABELS.project}=${PROJECT_LABEL_VALUE}`], status: ['paused'] },
  });
  await Promise.all(paused.map((c) => docker.getContainer(c.Id).unpause()));
  return paused.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, ''));
}
