import { LabContainer } from './lab-container.ts';
import type { LabStore, StoreHandle, StoreStartContext } from './lab-store.ts';
import { labLabels } from './lab-docker.ts';
import { imageModeFromEnv, type ImageMode } from '../images/lab-images.ts';
import { resolveOptionalImage } from '../images/optional-image.ts';

/** Port Memcached listens on. */
export const MEMCACHED_PORT = 11211;
/** The official image, used when a registry answers. */
export const OFFICIAL_MEMCACHED_IMAGE = 'memcached:1.6';

/** The lab's Memcached server: its name on the lab network, container, and port published on 127.0.0.1. */
export type MemcachedHandle = StoreHandle;

/**
 * The Memcached image: the official one when present or pulled in time, else assembled from this machine's
 * `/usr/bin/memcached` (apt-get install memcached). Only a lab with the memcached strategy asks for it.
 */
export function resolveMemcachedImage(mode: ImageMode = imageModeFromEnv()): Promise<string> {
  return resolveOptionalImage(
    OFFICIAL_MEMCACHED_IMAGE,
    () => ({
      repository: 'sessionchaos/memcached',
      binaries: ['/usr/bin/memcached'],
      changes: ['ENV PATH=/usr/local/bin:/usr/bin:/usr/sbin:/bin'],
    }),
    mode,
  );
}

/** Starts one Memcached (64 MB) on the lab network as `memcached`. */
export async function startMemcached(ctx: StoreStartContext): Promise<MemcachedHandle> {
  const container = await new LabContainer(ctx.image)
    .withName(`sc-${ctx.runId}-memcached`)
    // -u: memcached refuses to run as root without naming a user (the assembled image has only root).
    .withCommand(['memcached', '-u', 'root', '-m', '64', '-p', String(MEMCACHED_PORT)])
    .withLoopbackPorts(MEMCACHED_PORT)
    .withNetworkMode(ctx.network)
    .withNetworkAliases('memcached')
    .withLabels(labLabels(ctx.runId, 'memcached'))
    .start();
  const port = container.getMappedPort(MEMCACHED_PORT);
  ctx.log(`memcached up: 127.0.0.1:${port}`);
  return { role: 'memcached', name: 'memcached', containerId: container.getId(), port };
}

/** The `memcached` strategy's store: one Memcached the app nodes reach as `memcached:11211`. */
export const MEMCACHED_STORE: LabStore = {
  strategy: 'memcached',
  role: 'memcached',
  resolveImage: resolveMemcachedImage,
  start: startMemcached,
  appEnv: { MEMCACHED: `memcached:${MEMCACHED_PORT}` },
};
