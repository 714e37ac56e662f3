/** Variables every journey template may use: `{{vu}}`, `{{username}}`, `{{password}}`, `{{value}}`, `{{iteration}}`. */
export const TEMPLATE_VARIABLES = ['vu', 'username', 'password', 'value', 'iteration'] as const;

/** One built-in template variable name. */
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** Values substituted into a template; missing ones render as an empty string. */
export type TemplateVars = Partial<Record<string, string | number>>;

/** Prefix of the variables that read a cookie of the VU's jar: `{{cookie.XSRF-TOKEN}}`. */
export const COOKIE_VARIABLE_PREFIX = 'cookie.';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** The variable names a template uses, in order (repeats included). */
export function templateVariables(template: string): string[] {
  if (!template.includes('{{')) return [];
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/**
 * Problems with a template string: unknown variables and unbalanced braces. `captured` are the
 * names the journey captures (usable as variables too). Returns an empty list when the template is fine.
 */
export function templateProblems(template: string, captured: readonly string[] = []): string[] {
  const problems: string[] = [];
  const known = TEMPLATE_VARIABLES as readonly string[];
  for (const name of templateVariables(template)) {
    if (known.includes(name) || captured.includes(name)) continue;
    if (name.startsWith(COOKIE_VARIABLE_PREFIX) && name.length > COOKIE_VARIABLE_PREFIX.length) continue;
    const valid = [...TEMPLATE_VARIABLES, ...captured, 'cookie.NAME'];
    problems.push(
      `unknown template variable "{{${name}}}". Valid variables: ${valid.join(', ')} ` +
        '(capture a value on an earlier step to use it by its name)',
    );
  }
  // Anything brace-like left after removing well-formed placeholders is malformed.
  const rest = template.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) {
    problems.push(`malformed template "${template}": placeholders look like {{vu}}`);
  }
  return problems;
}

/** Renders a template; a template without placeholders is returned as is (the common, cheap case). */
export function renderTemplate(template: string, vars: TemplateVars): string {
  if (!template.includes('{{')) return template;
  return template.replace(PLACEHOLDER, (_all, name: string) => {
    const v = vars[name];
    return v === undefined ? '' : String(v);
  });
}

/**
 * A template split once into literal text and variable names, so rendering it per request is a
 * loop over parts instead of a regex replace. `lookup` returns `undefined` for a value not known yet.
 */
export class CompiledTemplate {
  readonly source: string;
  /** Literal strings at even indices, variable names at odd ones. */
  readonly #parts: string[];
  /** The whole template is one variable: JSON bodies keep that variable's type. */
  readonly whole: string | undefined;

  constructor(source: string) {
    this.source = source;
    const parts: string[] = [];
    let last = 0;
    for (const m of source.matchAll(PLACEHOLDER)) {
      parts.push(source.slice(last, m.index), m[1] as string);
      last = (m.index ?? 0) + m[0].length;
    }
    parts.push(source.slice(last));
    this.#parts = parts;
    this.whole = parts.length === 3 && parts[0] === '' && parts[2] === '' ? parts[1] : undefined;
  }

  /** Whether the template uses any variable. */
  get dynamic(): boolean {
    return this.#parts.length > 1;
  }

  /** The names it uses. */
  variables(): string[] {
    return this.#parts.filter((_, i) => i % 2 === 1);
  }

  /** Renders it; `undefined` when `strict` and some variable has no value yet. */
  render(lookup: (name: string) => string | number | undefined, strict = false): string | undefined {
    const parts = this.#parts;
    if (parts.length === 1) return parts[0];
    let out = parts[0] as string;
    for (let i = 1; i < parts.length; i += 2) {
      const v = lookup(parts[i] as string);
      if (v === undefined && strict) return undefined;
      out += (v === undefined ? '' : String(v)) + (parts[i + 1] as string);
    }
    return out;
  }
}
