import type { Element } from 'domhandler';
import { getAttributeValue } from 'domutils';
import { selectAll } from 'css-select';
import type { HtmlPage } from './html-page.ts';

/** A form ready to send, the way a browser would submit it. */
export interface FormSubmission {
  method: 'GET' | 'POST';
  /** Absolute URL of the action (a GET carries the fields in its query). */
  url: string;
  /** URL-encoded fields, for a POST. */
  body?: string;
}

/** Why no form could be submitted. */
export class FormError extends Error {}

function isSuccessful(el: Element): boolean {
  // Browsers send enabled, named controls; unchecked boxes and buttons not clicked are left out.
  if (getAttributeValue(el, 'name') === undefined || el.attribs.disabled !== undefined) return false;
  if (el.name !== 'input') return true;
  const type = (el.attribs.type ?? 'text').toLowerCase();
  if (type === 'checkbox' || type === 'radio') return el.attribs.checked !== undefined;
  return !['submit', 'button', 'image', 'reset', 'file'].includes(type);
}

function controlValue(el: Element): string {
  if (el.name === 'textarea') return el.children.map((c) => ('data' in c ? String(c.data) : '')).join('');
  if (el.name === 'select') {
    const options = selectAll<Element, Element>('option', el);
    const chosen = options.find((o) => o.attribs.selected !== undefined) ?? options[0];
    return chosen ? (chosen.attribs.value ?? '') : '';
  }
  const type = (el.attribs.type ?? 'text').toLowerCase();
  return el.attribs.value ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
}

/** Picks the form: by selector; else the one with a password field; else the only one on the page. */
export function pickForm(page: HtmlPage, pageUrl: string, selector: string | undefined): Element {
  if (selector !== undefined) {
    const el = page.select(selector);
    if (!el) throw new FormError(`no element matches the form selector "${selector}" on ${pageUrl}`);
    if (el.name !== 'form')
      throw new FormError(`"${selector}" matches a <${el.name}>, not a <form>, on ${pageUrl}`);
    return el;
  }
  const forms = page.selectAll('form');
  if (forms.length === 0) throw new FormError(`${pageUrl} has no <form> (is it the page you meant?)`);
  const withPassword = forms.filter(
    (f) => selectAll<Element, Element>('input[type=password i]', f).length > 0,
  );
  if (withPassword.length >= 1) return withPassword[0]!;
  if (forms.length === 1) return forms[0]!;
  throw new FormError(
    `${pageUrl} has ${forms.length} forms and none with a password field: give form.selector`,
  );
}

/**
 * Builds the submission of `form` on the page at `pageUrl`: its successful controls (hidden
 * inputs such as CSRF tokens included), then `fields` over them, sent to its action with its method.
 */
export function submitForm(form: Element, pageUrl: string, fields: Record<string, string>): FormSubmission {
  const values: [string, string][] = [];
  for (const el of selectAll<Element, Element>('input, select, textarea', form)) {
    if (!isSuccessful(el)) continue;
    const name = el.attribs.name as string;
    if (!(name in fields)) values.push([name, controlValue(el)]);
  }
  for (const [k, v] of Object.entries(fields)) values.push([k, v]);
  const method = (form.attribs.method ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET';
  const enctype = (form.attribs.enctype ?? '').toLowerCase();
  if (enctype === 'multipart/form-data')
    throw new FormError(`the form on ${pageUrl} is multipart/form-data, which form steps do not send yet`);
  let action: URL;
  try {
    action = new URL(form.attribs.action ?? '', pageUrl);
  } catch {
    throw new FormError(`the form on ${pageUrl} has an invalid action "${form.attribs.action}"`);
  }
  action.hash = '';
  const encoded = new URLSearchParams(values).toString();
  if (method === 'GET') {
    action.search = encoded;
    return { method, url: action.href };
  }
  return { method, url: action.href, body: encoded };
}

/** The form of the page that matches `selector`, or that holds every one of `names`; null when none does. */
export function findForm(page: HtmlPage, selector: string | undefined, names: string[]): Element | null {
  if (selector !== undefined) {
    const el = page.select(selector);
    return el && el.name === 'form' ? el : null;
  }
  for (const form of page.selectAll('form')) {
    const present = new Set(
      selectAll<Element, Element>('input, select, textarea', form).map((e) => e.attribs.name),
    );
    if (names.every((n) => present.has(n))) return form;
  }
  return null;
}
