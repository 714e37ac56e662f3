import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One workspace package that `pnpm publish -r` would publish (not marked private). */
export interface PublishablePackage {
  name: string;
  version: string;
  dir: string;
}

/** The packages under packages/ that are not private, in directory order. */
export function publishablePackages(): PublishablePackage[] {
  const root = join(REPO_ROOT, 'packages');
  return readdirSync(root)
    .sort()
    .map((d) => {
      const dir = join(root, d);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
        private?: boolean;
      };
      return { ...manifest, dir };
    })
    .filter((p) => p.private !== true)
    .map(({ name, version, dir }) => ({ name, version, dir }));
}

/** A fresh npm project with the packed tarballs installed, removed by `dispose`. */
export interface PackedInstall {
  /** The project's directory. */
  dir: string;
  /** The tarballs that were installed, one per publishable package. */
  tarballs: string[];
  /** Runs `npx sessionchaos ...args` in the project; never rejects, resolves with the exit code and output. */
  sessionchaos(args: string[], timeoutMs?: number): Promise<{ code: number; out: string; err: string }>;
  dispose(): void;
}

/**
 * Compiles the workspace (tsc -b), packs every publishable package with `pnpm pack` (which turns `workspace:*`
 * into versions) and installs the tarballs with plain npm into an empty project outside the workspace: what
 * a user who runs `npm install -D sessionchaos` gets, with the local tarballs standing in for the registry.
 * Third-party dependencies come from npm's cache where it has them (`--prefer-offline`).
 */
export async function installPacked(): Promise<PackedInstall> {
  const dir = mkdtempSync(join(tmpdir(), 'sessionchaos-packed-'));
  const packs = join(dir, 'tarballs');
  const project = join(dir, 'project');
  await run('pnpm', ['exec', 'tsc', '-b'], { cwd: REPO_ROOT });
  for (const p of publishablePackages())
    await run('pnpm', ['pack', '--pack-destination', packs], { cwd: p.dir });
  const tarballs = readdirSync(packs)
    .sort()
    .map((f) => join(packs, f));
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'a-users-project', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  await run('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs], {
    cwd: project,
    maxBuffer: 16 * 1024 * 1024,
  });
  return {
    dir: project,
    tarballs,
    async sessionchaos(args, timeoutMs = 120_000) {
      try {
        const { stdout, stderr } = await run('npx', ['--no-install', 'sessionchaos', ...args], {
          cwd: project,
          timeout: timeoutMs,
          maxBuffer: 16 * 1024 * 1024,
          // No source condition here: the installed packages must run from what they ship.
          env: { ...process.env, NODE_OPTIONS: '' },
        });
        return { code: 0, out: stdout, err: stderr };
      } catch (e) {
        const failed = e as { code?: number | string; stdout?: string; stderr?: string };
        return {
          code: typeof failed.code === 'number' ? failed.code : -1,
          out: failed.stdout ?? '',
          err: `${failed.stderr ?? ''}${typeof failed.code === 'string' ? failed.code : ''}`,
        };
      }
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
