import { assembleImage, type AssembledImageSpec } from './assemble-image.ts';
import { imageModeFromEnv, pullImage, type ImageMode } from './lab-images.ts';
import { labRuntime } from '../cluster/lab-docker.ts';

const decided = new Map<string, Promise<string>>();

/**
 * An image only some labs need (Memcached, Nginx): the official one when present or pulled in time
 * (`official`, `auto`), else assembled from this machine's binary (`assembled`, `auto`). Decided once a
 * process for each image and mode.
 */
export function resolveOptionalImage(
  official: string,
  assembled: () => AssembledImageSpec,
  mode: ImageMode = imageModeFromEnv(),
): Promise<string> {
  const key = `${official}|${mode}`;
  let image = decided.get(key);
  if (!image) {
    image = decide(official, assembled, mode);
    decided.set(key, image);
    image.catch(() => decided.delete(key));
  }
  return image;
}

async function decide(
  official: string,
  assembled: () => AssembledImageSpec,
  mode: ImageMode,
): Promise<string> {
  if (mode === 'assembled') return assembleImage(assembled());
  const docker = (await labRuntime()).container.dockerode;
  const present = await docker
    .getImage(official)
    .inspect()
    .then(() => true)
    .catch(() => false);
  if (present) return official;
  try {
    await pullImage(official, mode === 'official' ? 600_000 : 5000);
    return official;
  } catch (error) {
    if (mode === 'official')
      throw new Error(
        `could not pull ${official} (${error instanceof Error ? error.message : String(error)}). ` +
          'Use SESSIONCHAOS_IMAGES=assembled (or auto) to build it from this machine.',
      );
    return assembleImage(assembled());
  }
}
