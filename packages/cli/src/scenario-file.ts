import { readdirSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FaultPermissions } from '@sessionchaos/core';
// The scenario part of core alone: validate loads no checker, metric or histogram code.
import {
  parseScenarioYaml,
  resolveScenario,
  type ParsedScenario,
  type Scenario,
  type ScenarioError,
  type ScenarioOverrides,
  type SpecError,
} from '@sessionchaos/core/scenario';
import {
  labSpecFieldErrors,
  validateLabSpec,
  type LabSpec,
  type ResolvedLabSpec,
} from '@sessionchaos/lab/spec';
import { loadSelectorCheck, mayHoldSelectors, selectorErrors } from './journey/selector-errors.ts';

/** A scenario ready to run, with its lab spec resolved when it targets the lab. */
export interface LoadedScenario {
  file: string;
  scenario: Scenario;
  lab: ResolvedLabSpec | null;
}

/** The lab's own checks (strategy, topology...), reported under `target.lab` with the file's line. */
function labErrors(raw: unknown): SpecError[] {
  const lab = (raw as { target?: { lab?: unknown } } | null)?.target?.lab;
  if (typeof lab !== 'object' || lab === null) return [];
  const fields = labSpecFieldErrors(lab).map((e) => ({
    path: e.path ? `target.lab.${e.path}` : 'target.lab',
    message: e.message,
  }));
  // A mistyped field would be ignored and the run would test another setup: report it with the rest.
  const result = validateLabSpec(lab as LabSpec);
  return [...fields, ...(result.ok ? [] : result.errors.map((message) => ({ path: 'target.lab', message })))];
}

/** Scenario files next to the one asked for (or in ./scenarios), to name in a "not found" message. */
function known(): string {
  try {
    const files = readdirSync('scenarios').filter((f) => /\.(ya?ml|ts)$/.test(f));
    return files.length > 0 ? ` Scenarios in ./scenarios: ${files.join(', ')}.` : '';
  } catch {
    return '';
  }
}

/**
 * Reads, parses and checks a scenario file: YAML (`.yaml`, `.yml`) or a module whose default export
 * is a `defineScenario({...})` (`.ts`, `.js`, `.mjs`). Every problem comes back at once, located.
 */
export async function loadScenario(
  file: string,
  overrides: ScenarioOverrides,
  allowed: FaultPermissions,
): Promise<{ ok: true; loaded: LoadedScenario } | { ok: false; errors: ScenarioError[] }> {
  const ext = extname(file);
  let parsed: ParsedScenario;
  if (ext === '.yaml' || ext === '.yml') {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const why =
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      return {
        ok: false,
        errors: [{ file, path: '', message: `cannot read the scenario: ${why}.${known()}` }],
      };
    }
    // A text that names no selector key holds no selector: the check is not even loaded.
    const check = mayHoldSelectors(text) ? await loadSelectorCheck() : () => undefined;
    parsed = parseScenarioYaml(text, file, overrides, allowed, (raw) => [
      ...labErrors(raw),
      ...selectorErrors(raw, check),
    ]);
  } else if (ext === '.ts' || ext === '.js' || ext === '.mjs') {
    let input: unknown;
    try {
      input = ((await import(pathToFileURL(resolve(file)).href)) as { default?: unknown }).default;
    } catch (error) {
      return {
        ok: false,
        errors: [{ file, path: '', message: `cannot load the scenario module: ${(error as Error).message}` }],
      };
    }
    const r = resolveScenario(input, overrides, allowed);
    const errors = [
      ...labErrors(input),
      ...selectorErrors(input, await loadSelectorCheck()),
      ...(r.ok ? [] : r.errors),
    ];
    parsed =
      r.ok && errors.length === 0
        ? { ok: true, scenario: r.scenario, raw: input }
        : { ok: false, errors: errors.map((e) => ({ file, ...e })) };
  } else {
    return {
      ok: false,
      errors: [
        {
          file,
          path: '',
          message: `unknown scenario file type "${ext}". Valid types: .yaml, .yml, .ts, .js, .mjs.${known()}`,
        },
      ],
    };
  }
  if (!parsed.ok) return parsed;
  const s = parsed.scenario;
  const lab = s.target.kind === 'lab' ? validateLabSpec(s.target.lab as unknown as LabSpec) : null;
  return { ok: true, loaded: { file, scenario: s, lab: lab?.ok ? lab.spec : null } };
}
