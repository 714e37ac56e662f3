import { COMPOSE_LABELS } from '@sessionchaos/core';
import { runtime } from './runtime.ts';

/** A container of a Docker Compose project, as `init` needs it to tie a URL and its nodes to a service. */
export interface ComposeContainer {
  id: string;
  /** Its name as `docker ps` shows it (`shop_web_2`, `shop-web-2`). */
  name: string;
  hostname: string;
  project: string;
  service: string;
  image: string;
  /** Host ports it publishes (on any address). */
  publishedPorts: number[];
}

/**
 * The running containers of every Compose project on the local engine (by the labels Compose sets),
 * or an empty list when no engine answers within `timeoutMs`: looking is a courtesy of `init`, never
 * a requirement.
 */
export async function listComposeContainers(timeoutMs = 3000): Promise<ComposeContainer[]> {
  const look = async (): Promise<ComposeContainer[]> => {
    const docker = (await runtime()).container.dockerode;
    const found = await docker.listContainers({ filters: { label: [COMPOSE_LABELS.project] } });
    return Promise.all(
      found.map(async (c) => {
        const info = await docker
          .getContainer(c.Id)
          .inspect()
          .catch(() => undefined);
        return {
          id: c.Id,
          name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
          hostname: info?.Config.Hostname ?? c.Id.slice(0, 12),
          project: c.Labels[COMPOSE_LABELS.project] ?? '',
          service: c.Labels[COMPOSE_LABELS.service] ?? '',
          image: c.Image,
          publishedPorts: c.Ports.flatMap((p) => (p.PublicPort ? [p.PublicPort] : [])),
        };
      }),
    );
  };
  const timer = new Promise<ComposeContainer[]>((resolve) =>
    setTimeout(() => resolve([]), timeoutMs).unref(),
  );
  return Promise.race([look().catch(() => []), timer]);
}
