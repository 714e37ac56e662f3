import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
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

/** Tag derived from the inputs (binary paths, sizes, mtimes; file contents), so a changed input rebuilds. */
export function assembledImageTag(spec: AssembledImageSpec): string {
  const hash = createHash('sha256');
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
 * unless an image with the same inputs is already there. Returns `repository:tag`.
 */
export async function assembleImage(spec: AssembledImageSpec): Promise<string> {
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
    const changes = [`LABEL ${LABELS.project}=${PROJECT_LABEL_VALUE}`, ...(spec.changes ?? [])];
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
