import { readFileSync } from 'node:fs';

/**
 * The version of the `sessionchaos` package this code came from, read from its package.json at run time.
 * The file sits at `../package.json` from `src/` (run from source) and `../../package.json` from `dist/src/`
 * (installed): both are tried, and only a manifest named `sessionchaos` counts, so a stray package.json in
 * between cannot lend its version.
 */
export function packageVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === 'sessionchaos' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // not at this level: try the next one
    }
  }
  return 'unknown';
}
