import { assembleImage } from './assemble-image.ts';
import { nodeImageSpec } from './node-image.ts';
import { labRuntime } from '../cluster/lab-docker.ts';
import { IMAGE_MODES, type ImageMode } from './image-modes.ts';

// The modes live in a file without Docker so that checking a lab spec (validate) does not load testcontainers.
export { IMAGE_MODES, type ImageMode } from './image-modes.ts';

/** The images a lab runs. Commands are bare names: both kinds of image have them on PATH. */
export interface LabImages {
  node: string;
  redis: string;
  haproxy: string;
  source: 'official' | 'assembled';
  /** Why this source was chosen, for the log line. */
  reason: string;
}

/** The official images used when a registry is reachable. */
export const OFFICIAL_IMAGES = { node: 'node:24-slim', redis: 'redis:7', haproxy: 'haproxy:2.6' } as const;

const ASSEMBLED_PATH = 'ENV PATH=/usr/local/bin:/usr/bin:/usr/sbin:/bin';

/** The image mode asked for by `SESSIONCHAOS_IMAGES`, `auto` by default. */
export function imageModeFromEnv(env: NodeJS.ProcessEnv = process.env): ImageMode {
  const value = env['SESSIONCHAOS_IMAGES'] ?? 'auto';
  if ((IMAGE_MODES as readonly string[]).includes(value)) return value as ImageMode;
  throw new Error(`SESSIONCHAOS_IMAGES="${value}" is unknown. Valid values: ${IMAGE_MODES.join(', ')}`);
}

async function assembled(reason: string): Promise<LabImages> {
  const [node, redis, haproxy] = await Promise.all([
    assembleImage(nodeImageSpec()),
    assembleImage({
      repository: 'sessionchaos/redis',
      binaries: ['/usr/bin/redis-server'],
      changes: [ASSEMBLED_PATH],
    }),
    assembleImage({
      repository: 'sessionchaos/haproxy',
      binaries: ['/usr/sbin/haproxy'],
      changes: [ASSEMBLED_PATH],
    }),
  ]);
  return { node, redis, haproxy, source: 'assembled', reason };
}

/** Pulls an image, failing after `timeoutMs` (an unreachable registry can hang for long). */
export async function pullImage(name: string, timeoutMs: number): Promise<void> {
  const docker = (await labRuntime()).container.dockerode;
  const pulled = new Promise<void>((resolve, reject) => {
    docker.pull(name, (error: Error | null, stream: NodeJS.ReadableStream) => {
      if (error) return reject(error);
      docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve()));
    });
  });
  const timer = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref(),
  );
  await Promise.race([pulled, timer]);
}

/**
 * Chooses and prepares the lab images. `official` uses (and pulls) the registry images;
 * `assembled` builds them from host binaries; `auto` uses the official ones when present or
 * pulled within `pullTimeoutMs`, and assembles them otherwise.
 */
export function resolveLabImages(mode: ImageMode, pullTimeoutMs = 5000): Promise<LabImages> {
  // Decided once per process and mode: a registry that failed a pull a second ago will fail again.
  let decided = decisions.get(mode);
  if (!decided) {
    decided = decideImages(mode, pullTimeoutMs);
    decisions.set(mode, decided);
    decided.catch(() => decisions.delete(mode));
  }
  return decided;
}

const decisions = new Map<ImageMode, Promise<LabImages>>();

async function decideImages(mode: ImageMode, pullTimeoutMs: number): Promise<LabImages> {
  if (mode === 'assembled') return assembled('SESSIONCHAOS_IMAGES=assembled');
  const docker = (await labRuntime()).container.dockerode;
  const missing: string[] = [];
  for (const name of Object.values(OFFICIAL_IMAGES)) {
    const present = await docker
      .getImage(name)
      .inspect()
      .then(() => true)
      .catch(() => false);
    if (!present) missing.push(name);
  }
  const official = (reason: string): LabImages => ({ ...OFFICIAL_IMAGES, source: 'official', reason });
  if (missing.length === 0) return official('present locally');
  try {
    for (const name of missing) await pullImage(name, mode === 'official' ? 600_000 : pullTimeoutMs);
    return official(`pulled ${missing.join(', ')}`);
  } catch (error) {
    const why = `could not pull ${missing.join(', ')} (${error instanceof Error ? error.message : String(error)})`;
    if (mode === 'official')
      throw new Error(
        `${why}. Use SESSIONCHAOS_IMAGES=assembled (or auto) to build images from host binaries.`,
      );
    return assembled(`${why}; assembled from host binaries`);
  }
}
