import { compile } from 'css-select';

/**
 * Why a CSS selector cannot be used, or undefined when it compiles. Apart from html-page.ts (and exported as
 * `@sessionchaos/traffic/css-selector`) so that `sessionchaos validate` checks selectors without loading the
 * HTTP client and the rest of the traffic package.
 */
export function selectorProblem(selector: string): string | undefined {
  try {
    compile(selector);
    return undefined;
  } catch (err) {
    return `CSS selector "${selector}" is invalid: ${(err as Error).message}`;
  }
}
