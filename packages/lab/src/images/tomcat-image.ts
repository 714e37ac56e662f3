import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AssembledImageSpec } from './assemble-image.ts';
import { sharedLibraries, type RootFsFile } from './root-fs.ts';

/** Debian's `tomcat10` (CATALINA_HOME) and where its jars really are. */
export const DEBIAN_TOMCAT_HOME = '/usr/share/tomcat10';
const DEBIAN_JARS = '/usr/share/java';
/** The official Tomcat image, used when a registry answers. */
export const OFFICIAL_TOMCAT_IMAGE = 'tomcat:10.1-jre17';
/** CATALINA_HOME inside the official image; it is the lab's CATALINA_BASE there too (its conf/web.xml is kept). */
export const OFFICIAL_TOMCAT_HOME = '/usr/local/tomcat';
/** CATALINA_BASE inside the assembled image: Debian's default conf/web.xml and context.xml are placed there. */
export const ASSEMBLED_TOMCAT_BASE = '/tomcat';

/** The JRE running `java` on this machine (`/usr/lib/jvm/java-17-openjdk-amd64`), from the `java` on PATH. */
export function hostJavaHome(): string {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    const java = join(dir, 'java');
    if (existsSync(java)) return dirname(dirname(realpathSync(java)));
  }
  throw new Error(
    'could not assemble the Tomcat image - no java on PATH. Install a JRE (apt-get install default-jre-headless) ' +
      'or use the official image (SESSIONCHAOS_IMAGES=official, needs a registry).',
  );
}

/**
 * A Tomcat image assembled from this machine's Debian `tomcat10` and JRE: the JRE's runtime (its
 * `java`, `lib/`, `conf/` and the `/etc` files they link to), Tomcat's home and the jars it links to,
 * every shared library the JVM loads, and Debian's default conf/web.xml (the JSP servlet, welcome files)
 * under {@link ASSEMBLED_TOMCAT_BASE}: Tomcat reads it from the base only.
 */
export function tomcatImageSpec(javaHome = hostJavaHome()): AssembledImageSpec {
  if (!existsSync(join(DEBIAN_TOMCAT_HOME, 'bin', 'bootstrap.jar')))
    throw new Error(
      `could not assemble the Tomcat image - no Tomcat at ${DEBIAN_TOMCAT_HOME}. Install it (apt-get install tomcat10) ` +
        'or use the official image (SESSIONCHAOS_IMAGES=official, needs a registry).',
    );
  const elf = [join(javaHome, 'bin', 'java'), ...sharedObjects(join(javaHome, 'lib'))];
  const libs = new Set<string>();
  for (const file of elf)
    for (const lib of sharedLibraries(file)) if (!lib.startsWith(javaHome)) libs.add(lib);
  const files: RootFsFile[] = [...libs].map((lib) => ({ path: lib, from: lib }));
  for (const name of ['web.xml', 'context.xml'])
    files.push({ path: `${ASSEMBLED_TOMCAT_BASE}/conf/${name}`, from: `${DEBIAN_TOMCAT_HOME}/etc/${name}` });
  const etcJava = `/etc/java-${/java-(\d+)/.exec(javaHome)?.[1] ?? '17'}-openjdk`;
  return {
    repository: 'sessionchaos/tomcat',
    binaries: [],
    trees: [
      join(javaHome, 'bin', 'java'),
      join(javaHome, 'lib'),
      join(javaHome, 'conf'),
      join(javaHome, 'release'),
      ...(existsSync(etcJava) ? [etcJava] : []),
      join(DEBIAN_TOMCAT_HOME, 'bin'),
      join(DEBIAN_TOMCAT_HOME, 'lib'),
      DEBIAN_JARS,
    ],
    files,
    changes: [`ENV PATH=${javaHome}/bin:/usr/bin:/bin`, `ENV JAVA_HOME=${javaHome}`],
  };
}

/** The regular `.so` files under `dir` (one level of subfolders: `lib/server/libjvm.so`). */
function sharedObjects(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      for (const inner of readdirSync(path)) if (inner.endsWith('.so')) out.push(join(path, inner));
    } else if (entry.isFile() && entry.name.endsWith('.so')) out.push(path);
  }
  return out.filter((p) => statSync(p).isFile());
}
