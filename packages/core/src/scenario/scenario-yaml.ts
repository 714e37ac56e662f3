import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { FaultPermissions } from '../faults/validate-faults.ts';
import { LIMITS } from './limits.ts';
import { resolveScenario } from './resolve-scenario.ts';
import type { Scenario, ScenarioOverrides } from './scenario.ts';
import type { SpecError } from './spec-error.ts';
import { yamlBoundsErrors } from './yaml-bounds.ts';

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

/** At most {@link LIMITS.maxErrors} errors, then one line counting the rest: a report stays readable and linear. */
export function capErrors(errors: ScenarioError[], file: string, total = errors.length): ScenarioError[] {
  if (total <= LIMITS.maxErrors) return errors;
  return [
    ...errors.slice(0, LIMITS.maxErrors),
    { file, path: '', message: `... and ${total - LIMITS.maxErrors} more errors` },
  ];
}

function fail(file: string, errors: { line?: number; message: string }[]): ParsedScenario {
  return {
    ok: false,
    errors: capErrors(
      errors.map((e) => ({
        file,
        path: '',
        message: e.message,
        ...(e.line !== undefined ? { line: e.line } : {}),
      })),
      file,
    ),
  };
}

/**
 * Parses a YAML scenario and resolves it. YAML syntax errors and every validation error come back
 * together, each with the file and the line of the offending field. Bounded: the file's size, its
 * aliases and its depth are capped (see {@link LIMITS}), and the work is linear in the file's size.
 */
export function parseScenarioYaml(
  text: string,
  file: string,
  overrides: ScenarioOverrides = {},
  allowed: FaultPermissions = {},
  extra: (raw: unknown) => SpecError[] = () => [],
): ParsedScenario {
  if (text.length > LIMITS.maxFileBytes)
    return fail(file, [
      {
        message: `the file is ${Math.ceil(text.length / 1024)} KiB; a scenario may be at most ${LIMITS.maxFileBytes / 1024} KiB`,
      },
    ]);
  const lines = new LineCounter();
  // Duplicate keys are checked by yamlBoundsErrors: the library's own check is quadratic.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0)
    return fail(
      file,
      doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
        message: `YAML: ${e.message.split('\n')[0]}`,
      })),
    );
  const shape = yamlBoundsErrors(doc, lines);
  if (shape.length > 0) return fail(file, shape);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: LIMITS.maxAliases });
  } catch (error) {
    // The library's own guard (an alias expanding too far): a message, never a stack trace.
    return fail(file, [{ message: `YAML: ${(error as Error).message}` }]);
  }
  const resolved = resolveScenario(raw, overrides, allowed);
  // Checks only the caller can make (the lab's own spec) come back with lines too, and with the rest.
  const more = extra(raw);
  if (resolved.ok && more.length === 0) return { ok: true, scenario: resolved.scenario, raw };
  const errors = [...more, ...(resolved.ok ? [] : resolved.errors)];
  const root = doc.contents as Node | null;
  // Locating an error searches its parents' keys, so only the errors shown are located.
  const shown = errors.slice(0, LIMITS.maxErrors);
  const located = shown.map((e) => {
    const node = e.path.startsWith('--') ? null : nodeAt(root, splitPath(e.path));
    const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
    return { file, path: e.path, message: e.message, ...(line !== undefined ? { line } : {}) };
  });
  return { ok: false, errors: capErrors(located, file, errors.length) };
}
