/** Variables a journey template may use: `{{vu}}`, `{{username}}`, `{{password}}`, `{{value}}`, `{{iteration}}`. */
export const TEMPLATE_VARIABLES = ['vu', 'username', 'password', 'value', 'iteration'] as const;

/** One template variable name. */
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** Values substituted into a template; missing ones render as an empty string. */
export type TemplateVars = Partial<Record<TemplateVariable, string | number>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w-]*)\s*\}\}/g;

/**
 * Problems with a template string: unknown variables and unbalanced braces.
 * Returns an empty list when the template is fine.
 */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  const known = TEMPLATE_VARIABLES as readonly string[];
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1] as string;
    if (!known.includes(name)) {
      problems.push(
        `unknown template variable "{{${name}}}". Valid variables: ${TEMPLATE_VARIABLES.join(', ')}`,
      );
    }
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
    const v = vars[name as TemplateVariable];
    return v === undefined ? '' : String(v);
  });
}
