import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenarioYaml, type Scenario } from '@sessionchaos/core';

/** The scenario library's folder (scenarios/ at the repository root). */
export const LIBRARY_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** One scenario file of the library, parsed and resolved. */
export interface LibraryScenario {
  /** File name, e.g. `memory-mismatch.yaml`. */
  name: string;
  /** Absolute path. */
  file: string;
  scenario: Scenario;
}

/** Every YAML scenario of the library, in name order; a file that does not parse throws, naming its errors. */
export function libraryScenarios(): LibraryScenario[] {
  return readdirSync(LIBRARY_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((name) => {
      const file = `${LIBRARY_DIR}${name}`;
      // Shell hooks are allowed here: parsing is all this does.
      const parsed = parseScenarioYaml(readFileSync(file, 'utf8'), file, {}, { exec: true });
      if (!parsed.ok)
        throw new Error(
          `${name}: ${parsed.errors.map((e) => `${e.line ?? '?'}: ${e.path} ${e.message}`).join('; ')}`,
        );
      return { name, file, scenario: parsed.scenario };
    });
}
