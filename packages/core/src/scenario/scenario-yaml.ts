import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { FaultPermissions } from '../faults/validate-faults.ts';
import { resolveScenario } from './resolve-scenario.ts';
import type { Scenario, ScenarioOverrides } from './scenario.ts';
import type { SpecError } from './spec-error.ts';

/** A problem in a scenario file, located: `file:line: path: message`. */
export interface ScenarioError {
  file: string;
  /** 1-based line of the field (or of its closest parent present in the file); absent when unknown. */
  line?: number;
  /** Where in the scenario (`faults[1].action`); empty for the whole file. */
  path: string;
  message: string;
}

/** Parsed and resolved, or every error at once. */
export type ParsedScenario =
  { ok: true; scenario: Scenario; raw: unknown } | { ok: false; errors: ScenarioError[] };

/** `faults[2].params.how` → `['faults', 2, 'params', 'how']`. */
export function splitPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** The node at `path`, or the deepest ancestor that exists (errors about missing fields point at their parent). */
function nodeAt(root: Node | null, path: (string | number)[]): Node | null {
  let node = root;
  for (const key of path) {
    let next: unknown;
    if (isMap(node)) next = node.get(key, true);
    else if (isSeq(node) && typeof key === 'number') next = node.get(key, true);
    if (!next || typeof next !== 'object') break;
    node = next as Node;
  }
  return node;
}

/** Formats an error as `file:line: path: message`, the way compilers do. */
export function formatScenarioError(e: ScenarioError): string {
  const where = e.line !== undefined ? `${e.file}:${e.line}` : e.file;
  return `${where}: ${e.path ? `${e.path}: ` : ''}${e.message}`;
}

/**
 * Parses a YAML scenario and resolves it. YAML syntax errors and every validation error come back
 * together, each with the file and the line of the offending field.
 */
export function parseScenarioYaml(
  text: string,
  file: string,
  overrides: ScenarioOverrides = {},
  allowed: FaultPermissions = {},
  extra: (raw: unknown) => SpecError[] = () => [],
): ParsedScenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
        path: '',
        message: `YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  const resolved = resolveScenario(raw, overrides, allowed);
  // Checks only the caller can make (the lab's own spec) come back with lines too, and with the rest.
  const more = extra(raw);
  if (resolved.ok && more.length === 0) return { ok: true, scenario: resolved.scenario, raw };
  const errors = [...more, ...(resolved.ok ? [] : resolved.errors)];
  const root = doc.contents as Node | null;
  return {
    ok: false,
    errors: errors.map((e) => {
      const node = e.path.startsWith('--') ? null : nodeAt(root, splitPath(e.path));
      const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
      return { file, path: e.path, message: e.message, ...(line !== undefined ? { line } : {}) };
    }),
  };
}
