import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** One scenario of the library that ships with the package (`scenarios/*.yaml`). */
export interface LibraryScenario {
  /** The file's name without `.yaml`, what `init --example` takes. */
  name: string;
  /** The file's absolute path. */
  file: string;
  /** The first clause of its `description`, on one line. */
  summary: string;
}

/**
 * The library's directory: `scenarios/` beside the package (copied there when the package is packed, see
 * scripts/pack-files.ts), else the repository's own `scenarios/` when running from a checkout. The latter
 * is taken only next to the monorepo's manifest, so that a user's own `scenarios/` is never mistaken for it.
 */
export function libraryDir(): string | undefined {
  // From src/ (sources) or dist/src/ (built, installed): the package root is one or two levels up.
  for (const up of ['../', '../../']) {
    const dir = fileURLToPath(new URL(`${up}scenarios/`, import.meta.url));
    if (existsSync(dir) && isPackage(join(dir, '..'), 'sessionchaos')) return dir;
  }
  for (const up of ['../../../', '../../../../']) {
    const root = fileURLToPath(new URL(up, import.meta.url));
    if (isPackage(root, 'sessionchaos-monorepo') && existsSync(join(root, 'scenarios')))
      return join(root, 'scenarios');
  }
  return undefined;
}

function isPackage(dir: string, name: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === name;
  } catch {
    return false;
  }
}

/** A description's first sentence, on one line, cut at a word to at most `max` characters. */
export function summaryOf(description: unknown, max = 80): string {
  if (typeof description !== 'string') return '';
  const flat = description.replace(/\s+/g, ' ').trim();
  // A sentence ends at a full stop followed by a space ("Tomcat 10.1" is not one).
  const sentence = /^(.*?)\.(\s|$)/.exec(flat)?.[1] ?? flat;
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max);
  const word = cut.lastIndexOf(' ') > 0 ? cut.slice(0, cut.lastIndexOf(' ')) : cut;
  return `${word.replace(/[\s,;:(]+$/, '')}…`;
}

/** Every scenario of the library, sorted by name; empty when the library cannot be found. */
export function libraryScenarios(dir = libraryDir()): LibraryScenario[] {
  if (dir === undefined) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      let description: unknown;
      try {
        description = (parse(readFileSync(file, 'utf8')) as { description?: unknown } | null)?.description;
      } catch {
        description = undefined; // listed without a summary: `validate` says what is wrong with it
      }
      return { name: f.slice(0, -'.yaml'.length), file, summary: summaryOf(description) };
    });
}
