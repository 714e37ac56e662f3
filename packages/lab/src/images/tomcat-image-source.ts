import { assembleImage } from './assemble-image.ts';
import { imageModeFromEnv, pullImage, type ImageMode } from './lab-images.ts';
import {
  ASSEMBLED_TOMCAT_BASE,
  DEBIAN_TOMCAT_HOME,
  OFFICIAL_TOMCAT_HOME,
  OFFICIAL_TOMCAT_IMAGE,
  tomcatImageSpec,
} from './tomcat-image.ts';
import { labRuntime } from '../cluster/lab-docker.ts';

/** The Tomcat image a lab runs, and where Tomcat (CATALINA_HOME) and the lab's CATALINA_BASE are inside it. */
export interface TomcatImage {
  image: string;
  home: string;
  base: string;
  source: 'official' | 'assembled';
  reason: string;
}

const decisions = new Map<ImageMode, Promise<TomcatImage>>();

/**
 * The Tomcat image: the official `tomcat:10.1-jre17` when present or pulled in time (`official`, `auto`),
 * else one assembled from this machine's `tomcat10` and JRE (`assembled`, `auto`). Decided once a process.
 */
export function resolveTomcatImage(
  mode: ImageMode = imageModeFromEnv(),
  pullTimeoutMs = 5000,
): Promise<TomcatImage> {
  let decided = decisions.get(mode);
  if (!decided) {
    decided = decide(mode, pullTimeoutMs);
    decisions.set(mode, decided);
    decided.catch(() => decisions.delete(mode));
  }
  return decided;
}

async function decide(mode: ImageMode, pullTimeoutMs: number): Promise<TomcatImage> {
  const assembled = async (reason: string): Promise<TomcatImage> => ({
    image: await assembleImage(tomcatImageSpec()),
    home: DEBIAN_TOMCAT_HOME,
    base: ASSEMBLED_TOMCAT_BASE,
    source: 'assembled',
    reason,
  });
  if (mode === 'assembled') return assembled('SESSIONCHAOS_IMAGES=assembled');
  const official = (reason: string): TomcatImage => ({
    image: OFFICIAL_TOMCAT_IMAGE,
    home: OFFICIAL_TOMCAT_HOME,
    base: OFFICIAL_TOMCAT_HOME,
    source: 'official',
    reason,
  });
  const docker = (await labRuntime()).container.dockerode;
  const present = await docker
    .getImage(OFFICIAL_TOMCAT_IMAGE)
    .inspect()
    .then(() => true)
    .catch(() => false);
  if (present) return official('present locally');
  try {
    await pullImage(OFFICIAL_TOMCAT_IMAGE, mode === 'official' ? 600_000 : pullTimeoutMs);
    return official(`pulled ${OFFICIAL_TOMCAT_IMAGE}`);
  } catch (error) {
    const why = `could not pull ${OFFICIAL_TOMCAT_IMAGE} (${error instanceof Error ? error.message : String(error)})`;
    if (mode === 'official')
      throw new Error(
        `${why}. Use SESSIONCHAOS_IMAGES=assembled (or auto) to build it from tomcat10 and the JRE.`,
      );
    return assembled(`${why}; assembled from tomcat10 and the host JRE`);
  }
}
