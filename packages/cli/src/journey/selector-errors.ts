import type { SpecError } from '@sessionchaos/core';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Why a CSS selector cannot be used, or undefined when it compiles. */
export type SelectorCheck = (selector: string) => string | undefined;

/**
 * The selector check, css-select's compiler: loaded on demand (about 45 modules) so that validating a
 * scenario whose journey has no selector does not pay for it.
 */
export async function loadSelectorCheck(): Promise<SelectorCheck> {
  return (await import('@sessionchaos/traffic/css-selector')).selectorProblem;
}

/** Whether a scenario's text may hold a selector: every selector sits under a `selector` or `html` key. */
export function mayHoldSelectors(text: string): boolean {
  return /selector|html/i.test(text);
}

/**
 * CSS selectors of a scenario's journey that do not compile (captures `{html}`, `form.selector`,
 * `forms[].selector`), under their paths. Core cannot check them (it parses no HTML); the scenario
 * loader adds these to core's errors so they come back located, with the rest, before anything runs.
 */
export function selectorErrors(raw: unknown, selectorProblem: SelectorCheck): SpecError[] {
  const journey = isObject(raw) && isObject(raw.target) ? raw.target.journey : undefined;
  if (!isObject(journey)) return [];
  const errors: SpecError[] = [];
  const check = (path: string, selector: unknown): void => {
    if (typeof selector !== 'string' || selector.trim() === '') return; // core reports the shape
    const problem = selectorProblem(selector);
    if (problem) errors.push({ path, message: problem });
  };
  const step = (at: string, s: unknown): void => {
    if (!isObject(s)) return;
    if (isObject(s.capture))
      for (const [name, c] of Object.entries(s.capture))
        if (isObject(c)) check(`${at}.capture.${name}.html`, c.html);
    if (isObject(s.form)) check(`${at}.form.selector`, s.form.selector);
    if (Array.isArray(s.forms))
      s.forms.forEach((f, i) => isObject(f) && check(`${at}.forms[${i}].selector`, f.selector));
  };
  for (const [role, value] of Object.entries(journey)) {
    const at = `target.journey.${role}`;
    if (Array.isArray(value)) value.forEach((s, i) => step(`${at}[${i}]`, s));
    else step(at, value);
  }
  return errors;
}
