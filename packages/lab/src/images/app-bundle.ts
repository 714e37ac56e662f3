import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Where the app bundle sits inside the app containers. */
export const APP_BUNDLE_PATH = '/app/lab-app.cjs';

let cached: Promise<string> | undefined;

/**
 * The lab app and its dependencies bundled into one CommonJS file by esbuild. pnpm's
 * node_modules are symlinks into a store; one file copies into any node image as it is.
 */
export function appBundle(): Promise<string> {
  // From src/ the entry is TypeScript; from a compiled dist/ it is the emitted JavaScript.
  const source = fileURLToPath(new URL('../app/main.ts', import.meta.url));
  const entry = existsSync(source) ? source : fileURLToPath(new URL('../app/main.js', import.meta.url));
  cached ??= build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    write: false,
    logLevel: 'silent',
  }).then((result) => {
    const file = result.outputFiles[0];
    if (!file) throw new Error('esbuild produced no bundle for the lab app');
    return file.text;
  });
  return cached;
}
