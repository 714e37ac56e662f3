import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { LABELS, PROJECT_LABEL_VALUE } from '@sessionchaos/core';
import { buildRootFs, type ImageBinary, type RootFsFile } from './root-fs.ts';
import { labRuntime } from '../cluster/lab-docker.ts';

/** What goes into an image assembled from binaries on this machine (no registry needed). */
export interface AssembledImageSpec {
  /** Repository name, e.g. `sessionchaos/node`. The tag is a hash of the inputs. */
  repository: string;
  binaries: ImageBinary[];
  files?: RootFsFile[];
  /** Host files or folders copied as they are, symbolic links kept (a JRE, Tomcat's jars). */
  trees?: string[];
  /** Dockerfile-style instructions applied at import (`CMD [...]`, `ENV ...`, `WORKDIR ...`). */
  changes?: string[];
}

/** Every path under `tree` with its size, mtime and link target: a changed file changes the tag. */
function treeSignature(tree: string): string {
  return execFileSync('find', [tree, '-printf', '%p %s %T@ %l\\n'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * Label every assembled image carries: a hash of what the image holds as seen from inside it (the binaries' paths
 * in the image, the files, the trees' paths, the changes), the same on every machine. Inside the sessionchaos image
 * the host's binaries are absent, and this label finds the images the engine already holds for the same spec.
 */
export const ASSEMBLED_LABEL = 'dev.sessionchaos.assembled';

/** The value of {@link ASSEMBLED_LABEL} for `spec`: no host path or file stat goes into it. */
export function assembledContentKey(spec: AssembledImageSpec): string {
  const hash = createHash('sha256');
  hash.update(`${spec.repository}\n`);
  for (const binary of spec.binaries) hash.update(`${typeof binary === 'string' ? binary : binary.path}\n`);
  for (const file of spec.files ?? []) hash.update(`${file.path}:${file.mode ?? ''}:${file.content ?? ''}\n`);
  for (const tree of spec.trees ?? []) hash.update(`${tree}\n`);
  hash.update(JSON.stringify(spec.changes ?? []));
  return hash.digest('hex').slice(0, 16);
}

/** A program on PATH? (`tar` and `ldd` assemble the image; the sessionchaos image has neither.) */
function onPath(program: string): boolean {
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && existsSync(join(dir, program)));
}

/** What this machine lacks to assemble `spec`: its host files, or the tools that pack them. */
export function missingAssemblyInputs(spec: AssembledImageSpec): string[] {
  const paths = [
    ...spec.binaries.map((b) => (typeof b === 'string' ? b : b.from)),
    ...(spec.files ?? []).flatMap((f) => (f.from ? [f.from] : [])),
    ...(spec.trees ?? []),
  ];
  const tools = spec.binaries.length > 0 ? ['tar', 'ldd'] : ['tar'];
  return [
    ...paths.filter((p) => !existsSync(p)),
    ...tools.filter((t) => !onPath(t)).map((t) => `${t} (command)`),
  ];
}

/**
 * The newest image in the engine assembled (on any machine that shares it) with `spec`'s contents, found by
 * {@link ASSEMBLED_LABEL}; else an error naming what is missing here and the fix.
 */
async function assembledElsewhere(spec: AssembledImageSpec, missing: string[]): Promise<string> {
  const docker = (await labRuntime()).container.dockerode;
  const images = await docker.listImages({
    filters: { label: [`${ASSEMBLED_LABEL}=${assembledContentKey(spec)}`] },
  });
  const tags = images
    .sort((a, b) => b.Created - a.Created)
    .flatMap((i) => i.RepoTags ?? [])
    .filter((t) => t.startsWith(`${spec.repository}:`));
  if (tags[0] !== undefined) return tags[0];
  throw new Error(
    `could not assemble the ${spec.repository} image: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} ` +
      `not on this machine (inside the sessionchaos image the lab's host binaries are absent), and the Docker ` +
      `engine holds no ${spec.repository} image assembled with the same contents. Fix: assemble the lab's images ` +
      'once on the Docker host (scripts/build-offline-image.sh does, as does any `sessionchaos lab up` there), or ' +
      'set SESSIONCHAOS_IMAGES=official where a registry answers.',
  );
}

/** Tag derived from the inputs (binary paths, sizes, mtimes; file contents), so a changed input rebuilds. */
export function assembledImageTag(spec: AssembledImageSpec): string {
  const hash = createHash('sha256');
  // Images assembled before they carried ASSEMBLED_LABEL get a new tag, so they are assembled again with it.
  hash.update(`label:${ASSEMBLED_LABEL}\n`);
  for (const binary of spec.binaries) {
    const { from, path } = typeof binary === 'string' ? { from: binary, path: binary } : binary;
    const s = statSync(from);
    hash.update(`${from}>${path}:${s.size}:${s.mtimeMs}\n`);
  }
  for (const file of spec.files ?? []) {
    hash.update(`${file.path}:${file.mode ?? ''}:`);
    hash.update(file.from ? readFileSync(file.from) : (file.content ?? ''));
    hash.update('\n');
  }
  for (const tree of spec.trees ?? []) hash.update(treeSignature(tree));
  hash.update(JSON.stringify(spec.changes ?? []));
  return `assembled-${hash.digest('hex').slice(0, 12)}`;
}

/**
 * Assembles an image from host binaries and imports it into the local Docker engine,
 * unless an image with the same inputs is already there. Returns `repository:tag`. Where the inputs are
 * not on this machine (the CLI in its own container, the Docker socket mounted), the image the engine
 * already holds with the same contents is used instead, or the error says how to get one.
 */
export async function assembleImage(spec: AssembledImageSpec): Promise<string> {
  const missing = missingAssemblyInputs(spec);
  if (missing.length > 0) return assembledElsewhere(spec, missing);
  const name = `${spec.repository}:${assembledImageTag(spec)}`;
  const rt = await labRuntime();
  const docker = rt.container.dockerode;
  try {
    await docker.getImage(name).inspect();
    return name;
  } catch {
    // Not there yet: build it below.
  }
  const root = buildRootFs(spec.binaries, spec.files, spec.trees);
  try {
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let tarError = '';
    tar.stderr.on('data', (chunk: Buffer) => (tarError += chunk.toString()));
    const [repo, tag] = name.split(':') as [string, string];
    const changes = [
      `LABEL ${LABELS.project}=${PROJECT_LABEL_VALUE}`,
      `LABEL ${ASSEMBLED_LABEL}=${assembledContentKey(spec)}`,
      ...(spec.changes ?? []),
    ];
    const progress = await docker.importImage(tar.stdout, { repo, tag, changes } as object);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(progress, (error: Error | null, events: { error?: string }[]) => {
        const failed = events?.find((e) => e.error);
        if (error || failed) reject(error ?? new Error(failed?.error));
        else resolve();
      });
    });
    if (tarError) throw new Error(`tar failed while assembling ${name}: ${tarError}`);
    await docker.getImage(name).inspect();
    return name;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
