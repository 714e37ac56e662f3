import type { Element } from 'domhandler';
import { selectAll } from 'css-select';
import type { Answer } from './capture.ts';

/** A form of a page, as a diagnosis shows it. */
export interface FormSummary {
  method: string;
  action: string;
  /** Names of the visible fields. */
  fields: string[];
  /** Names of the hidden inputs (CSRF tokens live here). */
  hidden: string[];
  hasPassword: boolean;
  /** Type of each named visible field (`text`, `email`, `password`...), lower-case, by name. */
  types: Record<string, string>;
  /** Value of each hidden input as the page gives it, by name. */
  hiddenValues: Record<string, string>;
}

/** The forms of an HTML answer. */
export function formsOf(answer: Answer): FormSummary[] {
  return answer.page.selectAll('form').map((f) => {
    const inputs = selectAll<Element, Element>('input, select, textarea', f).filter((e) => e.attribs.name);
    const type = (e: Element): string => (e.attribs.type ?? 'text').toLowerCase();
    return {
      method: (f.attribs.method ?? 'get').toUpperCase(),
      action: f.attribs.action ?? '',
      fields: inputs.filter((e) => type(e) !== 'hidden' && type(e) !== 'submit').map((e) => e.attribs.name!),
      hidden: inputs.filter((e) => type(e) === 'hidden').map((e) => e.attribs.name!),
      hasPassword: inputs.some((e) => type(e) === 'password'),
      types: Object.fromEntries(
        inputs.filter((e) => type(e) !== 'hidden').map((e) => [e.attribs.name!, type(e)] as const),
      ),
      hiddenValues: Object.fromEntries(
        inputs
          .filter((e) => type(e) === 'hidden')
          .map((e) => [e.attribs.name!, e.attribs.value ?? ''] as const),
      ),
    };
  });
}
