import { captureProblems } from './capture.ts';
import { HEADER_NAME, keysOf } from './fields/field.ts';
import { PAGE_FORM_FIELDS, REQUEST_FIELDS, STEP_EXPECT_FIELDS } from './fields/step-fields.ts';
import { BODY_TYPES, HTTP_METHODS } from './journey.ts';
import { SpecErrors } from './spec-error.ts';
import { stepKindOf, type StepChecks } from './step-kinds/step-kind-registry.ts';
import { isObject, unknownKeys } from './spec-fields.ts';
import { templateProblems } from './template.ts';

export { HEADER_NAME } from './fields/field.ts';
const VARIABLE_NAME = /^[A-Za-z_][\w-]*$/;

// Fields of each kind of step, from the tables the schema and the reference are built from.
const REQUEST_KEYS = keysOf(REQUEST_FIELDS);
const PAGE_FORM_KEYS = keysOf(PAGE_FORM_FIELDS);
const EXPECT_KEYS = keysOf(STEP_EXPECT_FIELDS);

/** Validates one journey with the names it captures known (templates may use them). */
export class JourneyValidator implements StepChecks {
  readonly errors = new SpecErrors();
  readonly captured: string[];
  readonly #origins: string[];

  constructor(captured: string[], origins: string[]) {
    this.captured = captured;
    this.#origins = origins;
  }

  template(at: string, value: unknown): void {
    if (typeof value !== 'string') {
      this.errors.add(at, `${JSON.stringify(value)} must be a string template`);
      return;
    }
    for (const p of templateProblems(value, this.captured)) this.errors.add(at, p);
  }

  path(at: string, path: unknown): void {
    if (typeof path === 'string' && /^https?:\/\//.test(path)) {
      // An absolute URL must stay on an allowed origin: the journey never wanders elsewhere.
      let origin = '';
      try {
        origin = new URL(path.replace(/\{\{[^}]*\}\}/g, 'x')).origin;
      } catch {
        this.errors.add(at, `"${path}" is not a valid URL`);
        return;
      }
      if (!this.#origins.includes(origin))
        this.errors.add(
          at,
          `"${path}" is on ${origin}, which is not an allowed origin. Add it to journey.allowedOrigins, or use a path ("/login")`,
        );
      this.template(at, path);
      return;
    }
    if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) {
      this.errors.add(
        at,
        `${JSON.stringify(path)} must be a path on the target starting with "/" (e.g. "/login"), or a URL on an allowed origin`,
      );
      return;
    }
    try {
      new URL(path, 'http://target.invalid');
    } catch {
      this.errors.add(at, `"${path}" is not a valid URL path`);
    }
    this.template(at, path);
  }

  templates(at: string, value: unknown, what: string): void {
    if (!isObject(value)) {
      this.errors.add(at, `must be an object of ${what}`);
      return;
    }
    for (const [k, v] of Object.entries(value)) this.template(`${at}.${k}`, v);
  }

  jsonBody(at: string, value: unknown): void {
    if (typeof value === 'string') this.template(at, value);
    else if (Array.isArray(value)) value.forEach((v, i) => this.jsonBody(`${at}[${i}]`, v));
    else if (isObject(value)) for (const [k, v] of Object.entries(value)) this.jsonBody(`${at}.${k}`, v);
    else if (!(value === null || typeof value === 'number' || typeof value === 'boolean'))
      this.errors.add(at, `${JSON.stringify(value)} is not a JSON value`);
  }

  common(at: string, s: Record<string, unknown>): void {
    if (s.headers !== undefined) {
      this.templates(`${at}.headers`, s.headers, 'header name -> template');
      if (isObject(s.headers))
        for (const name of Object.keys(s.headers))
          if (!HEADER_NAME.test(name))
            this.errors.add(`${at}.headers.${name}`, `"${name}" is not a header name`);
    }
    if (s.capture !== undefined) {
      if (!isObject(s.capture))
        this.errors.add(`${at}.capture`, 'must be an object of name -> where to find it');
      else
        for (const [name, spec] of Object.entries(s.capture)) {
          if (!VARIABLE_NAME.test(name) || name === 'cookie')
            this.errors.add(
              `${at}.capture.${name}`,
              `"${name}" must be a variable name (letters, digits, _ or -)`,
            );
          for (const [sub, msg] of captureProblems(spec)) this.errors.add(`${at}.capture.${name}${sub}`, msg);
        }
    }
    if (s.expect !== undefined) {
      if (!isObject(s.expect)) this.errors.add(`${at}.expect`, 'must be {status: [200, 302]}');
      else {
        unknownKeys(this.errors, `${at}.expect`, s.expect, EXPECT_KEYS);
        const st = s.expect.status;
        if (
          !Array.isArray(st) ||
          st.length === 0 ||
          !st.every((n) => Number.isInteger(n) && n >= 100 && n <= 599)
        )
          this.errors.add(`${at}.expect.status`, 'must be a list of HTTP statuses (e.g. [200, 302])');
      }
    }
  }

  /** A request step; `keys`: its valid fields (whoami, write and read add theirs to a request's). */
  request(at: string, req: unknown, keys: string[] = REQUEST_KEYS): req is Record<string, unknown> {
    if (!isObject(req)) {
      this.errors.add(at, 'must be an object with method and path');
      return false;
    }
    unknownKeys(this.errors, at, req, keys);
    this.errors.oneOf(`${at}.method`, req.method, HTTP_METHODS);
    this.path(`${at}.path`, req.path);
    if (req.bodyType !== undefined) this.errors.oneOf(`${at}.bodyType`, req.bodyType, BODY_TYPES);
    const type = req.bodyType ?? 'json';
    if (req.body !== undefined) {
      if (type === 'form') this.formBody(`${at}.body`, req.body);
      else if (type === 'raw') this.template(`${at}.body`, req.body);
      else this.jsonBody(`${at}.body`, req.body);
    }
    if (req.forms !== undefined) {
      if (!Array.isArray(req.forms) || req.forms.length === 0)
        this.errors.add(`${at}.forms`, 'must be a list of {selector, fields}');
      else
        req.forms.forEach((f: unknown, i) => {
          const fat = `${at}.forms[${i}]`;
          if (!isObject(f)) return this.errors.add(fat, 'must be {selector, fields}');
          unknownKeys(this.errors, fat, f, PAGE_FORM_KEYS);
          if (f.selector === undefined && (!isObject(f.fields) || Object.keys(f.fields).length === 0))
            this.errors.add(
              fat,
              'needs a selector or at least one field: it is submitted only on a page that shows it',
            );
          if (f.selector !== undefined && (typeof f.selector !== 'string' || f.selector.trim() === ''))
            this.errors.add(`${fat}.selector`, 'must be a CSS selector (e.g. "form#consent")');
          if (f.fields !== undefined) this.templates(`${fat}.fields`, f.fields, 'field name -> template');
        });
    }
    if (req.contentType !== undefined && (type !== 'raw' || typeof req.contentType !== 'string'))
      this.errors.add(`${at}.contentType`, 'goes with bodyType: raw, as a string (e.g. "text/plain")');
    this.common(at, req);
    return true;
  }

  formBody(at: string, body: unknown): void {
    if (!isObject(body)) {
      this.errors.add(at, 'must be an object of field -> template');
      return;
    }
    for (const [k, v] of Object.entries(body)) {
      if (typeof v === 'number' || typeof v === 'boolean') continue;
      this.template(`${at}.${k}`, v);
    }
  }

  /** One step of a role: validated by its kind (`STEP_KIND_REGISTRY`). */
  step(at: string, step: unknown): void {
    stepKindOf(step).validate(this, at, step);
  }

  role(at: string, role: unknown, required: boolean): void {
    if (role === undefined) {
      if (required) this.errors.add(at, 'is required: a request, a form step, or a list of them');
      return;
    }
    const steps = Array.isArray(role) ? role : [role];
    if (Array.isArray(role)) {
      if (role.length === 0) this.errors.add(at, 'needs at least one step');
      role.forEach((s, i) => this.step(`${at}[${i}]`, s));
    } else this.step(at, role);
    const last = steps.at(-1);
    const kind = last === undefined ? undefined : stepKindOf(last);
    if (kind?.canEnd === false)
      this.errors.add(
        Array.isArray(role) ? `${at}[${steps.length - 1}]` : at,
        `a ${kind.name} step cannot be the last step of a role (the last step is what the role records): add the step it waits for after it`,
      );
  }
}
