import { runtime } from './runtime.ts';
import { LABELS, PROJECT_LABEL_VALUE } from '@sessionchaos/core';

/**
 * Unpauses every paused container carrying the project's label: a `pause` fault whose journal was
 * lost must not leave a node frozen; containers of the runs in `skipRuns` (still running) are left
 * alone. Returns the names of the containers it unpaused.
 */
export async function unpauseProjectContainers(skipRuns: ReadonlySet<string> = new Set()): Promise<string[]> {
  const docker = (await runtime()).container.dockerode;
  const paused = await docker.listContainers({
    all: true,
    filters: { label: [`${LABELS.project}=${PROJECT_LABEL_VALUE}`], status: ['paused'] },
  });
  // A live run's paused node is its fault in progress: that run unpauses it when the fault ends.
  const ours = paused.filter((c) => !skipRuns.has(c.Labels?.[LABELS.run] ?? ''));
  await Promise.all(ours.map((c) => docker.getContainer(c.Id).unpause()));
  return ours.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, ''));
}
