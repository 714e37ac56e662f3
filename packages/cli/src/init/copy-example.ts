import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { EXIT } from '../exit-codes.ts';
import { libraryScenarios } from '../scenario-library.ts';

/**
 * `sessionchaos init --example NAME [--out FILE] [--force]`: copies a scenario of the shipped library to
 * FILE (default NAME.yaml), unchanged. An existing FILE is kept unless `force`; an unknown NAME exits 64
 * naming the valid ones.
 */
export function copyExample(
  name: string,
  outFile: string | undefined,
  force: boolean,
  out: Writable,
  err: Writable,
): number {
  const library = libraryScenarios();
  const example = library.find((s) => s.name === name);
  if (library.length === 0) {
    err.write(
      'sessionchaos init: the scenario library is missing from this installation (no scenarios/ beside the ' +
        'package). Reinstall sessionchaos (npm install -D sessionchaos).\n',
    );
    return EXIT.environment;
  }
  if (!example) {
    const valid = library.map((s) => s.name).join(', ');
    err.write(
      `sessionchaos init: no example named "${name}". Valid names: ${valid} (sessionchaos examples describes each).\n`,
    );
    return EXIT.usage;
  }
  const file = outFile ?? `${name}.yaml`;
  if (existsSync(file) && !force) {
    err.write(`sessionchaos init: ${file} exists; pass --force to overwrite it, or --out another file.\n`);
    return EXIT.usage;
  }
  mkdirSync(dirname(file), { recursive: true });
  copyFileSync(example.file, file);
  out.write(
    `wrote ${file}: ${example.summary}\nnext: sessionchaos validate ${file}, then sessionchaos run ${file}\n`,
  );
  return EXIT.pass;
}
