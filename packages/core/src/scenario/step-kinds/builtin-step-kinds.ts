import { keysOf } from '../fields/field.ts';
import { FORM_FIELDS, FORM_STEP_FIELDS, REQUEST_FIELDS } from '../fields/step-fields.ts';
import { isObject, unknownKeys } from '../spec-fields.ts';
import { defineStepKind } from './step-kind.ts';

const FORM_STEP_KEYS = keysOf(FORM_STEP_FIELDS);
const FORM_KEYS = keysOf(FORM_FIELDS);

/** A request: method, path, body, headers, captures; the default kind and the base of whoami, write, read. */
export const REQUEST_STEP_KIND = defineStepKind({
  name: 'request',
  title: 'a request',
  intro: 'A step of `visit`, `login` or `logout`, and the base of `whoami`, `write` and `read`.',
  fields: REQUEST_FIELDS,
  validate: (checks, at, step) => void checks.request(at, step),
});

/** A form step: opens a page (or takes the current one), fills a form, submits it as a browser does. */
export const FORM_STEP_KIND = defineStepKind({
  name: 'form',
  marker: 'form',
  title: 'a form',
  intro:
    'Submits an HTML form as a browser does: its hidden inputs kept, named fields filled, sent to its action.',
  fields: FORM_STEP_FIELDS,
  validate: (checks, at, step) => {
    if (!isObject(step)) return;
    unknownKeys(checks.errors, at, step, FORM_STEP_KEYS);
    const f = step.form;
    if (!isObject(f)) checks.errors.add(`${at}.form`, 'must be {page, selector, fields}');
    else {
      unknownKeys(checks.errors, `${at}.form`, f, FORM_KEYS);
      if (f.page !== undefined) checks.path(`${at}.form.page`, f.page);
      if (f.selector !== undefined && (typeof f.selector !== 'string' || f.selector.trim() === ''))
        checks.errors.add(`${at}.form.selector`, 'must be a CSS selector (e.g. "form#login")');
      if (f.fields !== undefined) checks.templates(`${at}.form.fields`, f.fields, 'field name -> template');
    }
    checks.common(at, step);
  },
});
