import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A file to place in an assembled image. */
export interface RootFsFile {
  /** Absolute path inside the image. */
  path: string;
  /** Copy this host file (links followed)... */
  from?: string;
  /** ...or write this content. */
  content?: string;
  mode?: number;
}

/** A host executable to copy, at the same path or at `path` inside the image. */
export type ImageBinary = string | { from: string; path: string };

/**
 * Lists the shared libraries a host binary loads, with the dynamic loader, as `ldd` reports them.
 * Statically linked binaries yield none.
 */
export function sharedLibraries(binary: string): string[] {
  let out: string;
  try {
    out = execFileSync('ldd', [binary], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // ldd exits 1 on static binaries ("not a dynamic executable").
    const stdout = (error as { stdout?: string }).stdout ?? '';
    if (/not a dynamic executable|statically linked/.test(stdout + String(error))) return [];
    throw error;
  }
  const libs = new Set<string>();
  for (const line of out.split('\n')) {
    const arrow = /=>\s*(\/\S+)/.exec(line);
    const bare = /^\s*(\/\S+)\s+\(/.exec(line);
    const lib = arrow?.[1] ?? bare?.[1];
    if (lib) libs.add(lib);
  }
  return [...libs];
}

/**
 * Builds a minimal root filesystem in a new temporary folder: the given trees as they are (links kept), the
 * given binaries with every library they load (at the same paths), busybox as a shell when the host has it, a writable
 * `/tmp` (mode 1777), and the few files glibc programs expect.
 */
export function buildRootFs(binaries: ImageBinary[], files: RootFsFile[] = [], trees: string[] = []): string {
  const root = mkdtempSync(join(tmpdir(), 'sessionchaos-rootfs-'));
  // tar recreates each tree at its own path, links as links (Debian's jars are links into /usr/share/java).
  if (trees.length > 0)
    execFileSync(
      'sh',
      ['-c', 'tar -C / -cf - "$@" | tar -C "$0" -xf -', root, ...trees.map((t) => t.replace(/^\/+/, ''))],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
  const place = (path: string, from: string, mode?: number): void => {
    const dest = join(root, path);
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(from, dest);
    if (mode !== undefined) chmodSync(dest, mode);
  };
  for (const binary of binaries) {
    const { from, path } = typeof binary === 'string' ? { from: binary, path: binary } : binary;
    place(path, from, 0o755);
    for (const lib of sharedLibraries(from)) if (!existsSync(join(root, lib))) place(lib, lib);
  }
  const busybox = '/bin/busybox';
  if (existsSync(busybox) && sharedLibraries(busybox).length === 0) {
    place(busybox, busybox, 0o755);
    for (const applet of ['sh', 'ls', 'cat', 'grep', 'awk', 'ps', 'kill', 'sleep', 'ip', 'nc', 'wget']) {
      const link = join(root, 'bin', applet);
      if (!existsSync(link)) symlinkSync('busybox', link);
    }
  }
  const defaults: RootFsFile[] = [
    {
      path: '/etc/passwd',
      content: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n',
    },
    { path: '/etc/group', content: 'root:x:0:\nnogroup:x:65534:\n' },
    { path: '/etc/nsswitch.conf', content: 'hosts: files dns\n' },
  ];
  for (const file of [...defaults, ...files]) {
    if (file.from) place(file.path, file.from, file.mode);
    else {
      const dest = join(root, file.path);
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(dest, file.content ?? '', { mode: file.mode ?? 0o644 });
    }
  }
  mkdirSync(join(root, 'tmp'), { recursive: true });
  chmodSync(join(root, 'tmp'), 0o1777);
  return root;
}
