import { CAPTURE_KINDS, type CaptureKind } from '../capture.ts';
import { BODY_TYPES, HTTP_METHODS, type FormSpec, type PageFormSpec } from '../journey.ts';
import {
  HEADER_NAME_SCHEMA,
  HEADERS,
  objectSchema,
  oneOf,
  TEMPLATES,
  type Field,
  type FieldTable,
  type JsonSchema,
} from './field.ts';

/** Where the schema keeps the shapes journeys reuse (`$ref: '#/$defs/step'`). */
export const STEP_REF = { $ref: '#/$defs/step' };
/** A capture, by reference. */
export const CAPTURE_REF = { $ref: '#/$defs/capture' };

/** `expect` of a step. */
export const STEP_EXPECT_FIELDS = {
  status: {
    type: 'list of HTTP statuses',
    description:
      'Final statuses (after redirects) that count as success; any other fails the step. Without it a step succeeds unless refused (401/403, a 5xx, or bounced to loginPage).',
    example: [200, 302],
    required: true,
    schema: { type: 'array', items: { type: 'integer', minimum: 100, maximum: 599 }, minItems: 1 },
  },
} satisfies FieldTable;

/** Fields every step may have, a request or a form step. */
const COMMON_FIELDS = {
  headers: {
    type: 'map of header -> template',
    description:
      'Extra headers of this step. A header whose template uses a value not captured yet is left out.',
    example: { 'x-csrf-token': '{{csrf}}' },
    schema: HEADERS,
  },
  capture: {
    type: 'map of name -> capture',
    description:
      'Values taken from the answer, usable by later steps as `{{name}}`. A capture that finds nothing fails its step and names itself.',
    example: { csrf: { html: 'input[name=_csrf]' } },
    schema: {
      type: 'object',
      additionalProperties: CAPTURE_REF,
      propertyNames: { pattern: '^[A-Za-z_][\\w-]*$', not: { const: 'cookie' } },
    },
  },
  expect: {
    type: 'object',
    description: "What the answer must be besides the journey's own rules.",
    example: { status: [200, 302] },
    fields: STEP_EXPECT_FIELDS,
  },
} satisfies FieldTable;

/** A form an answer may lead to (`forms` of a request): submitted when its page shows it. */
export const PAGE_FORM_FIELDS = {
  selector: {
    type: 'CSS selector',
    description: 'The form; absent: the form holding every field below.',
    example: 'form#consent',
    schema: { type: 'string', minLength: 1 },
  },
  fields: {
    type: 'map of field -> template',
    description:
      "Field name -> template; the form's other inputs (hidden ones too) are kept as the page has them.",
    example: { login: '{{username}}', password: '{{password}}' },
    schema: TEMPLATES,
  },
} satisfies Record<keyof PageFormSpec, Field>;

/** A request step: method, path, body... */
export const REQUEST_FIELDS = {
  method: { ...oneOf(HTTP_METHODS), description: 'The HTTP method.', example: 'POST', required: true },
  path: {
    type: 'path or URL',
    description:
      'A path on the target starting with `/` (templates allowed), or an absolute URL on one of `allowedOrigins`.',
    example: '/login',
    required: true,
    schema: { type: 'string', pattern: '^(/(?!/)|https?://)' },
  },
  bodyType: {
    ...oneOf(BODY_TYPES),
    description:
      '`json`: any JSON value, templates inside strings; `form`: field -> template, urlencoded; `raw`: a template sent as it is.',
    example: 'form',
    default: 'json',
  },
  body: {
    type: 'JSON value, or map for a form',
    description:
      "The request body. A string that is exactly one `{{name}}` keeps the variable's type in JSON. Templates: `{{vu}}`, `{{username}}`, `{{password}}`, `{{value}}` (what a write sends), `{{iteration}}`, `{{cookie.NAME}}` and captured names.",
    example: { username: '{{username}}', password: '{{password}}' },
    schema: {},
  },
  contentType: {
    type: 'string',
    description: 'Content type of a `raw` body.',
    example: 'text/xml',
    default: 'text/plain',
    schema: { type: 'string' },
  },
  forms: {
    type: 'list of {selector, fields}',
    description:
      "Forms the answer may lead to (an identity provider's login, then its consent page), submitted in order within this step, each only when its page shows it: a login through single sign-on shows none and skips them.",
    example: [{ fields: { login: '{{username}}', password: '{{password}}' } }],
    schema: {
      type: 'array',
      minItems: 1,
      items: objectSchema(PAGE_FORM_FIELDS, { minProperties: 1 }),
    },
  },
  ...COMMON_FIELDS,
} satisfies FieldTable;

/** `form` of a form step. */
export const FORM_FIELDS = {
  page: {
    type: 'path or URL',
    description: 'Page to open first (a GET); absent: the page the previous step ended on.',
    example: '/login',
    schema: { type: 'string', pattern: '^(/(?!/)|https?://)' },
  },
  selector: {
    type: 'CSS selector',
    description: 'The form; absent: the form with a password field, else the only form of the page.',
    example: 'form#login',
    schema: { type: 'string', minLength: 1 },
  },
  fields: {
    type: 'map of field -> template',
    description:
      "Fields to fill; the form's hidden inputs (CSRF tokens) are kept, and it is sent to its action with its method, as a browser does.",
    example: { username: '{{username}}', password: '{{password}}' },
    schema: TEMPLATES,
  },
} satisfies Record<keyof FormSpec, Field>;

/** A form step: opens a page (or takes the current one), fills a form, submits it. */
export const FORM_STEP_FIELDS = {
  form: {
    type: 'object',
    description: 'The form to submit.',
    example: { page: '/login', fields: { username: '{{username}}', password: '{{password}}' } },
    required: true,
    fields: FORM_FIELDS,
  },
  ...COMMON_FIELDS,
} satisfies FieldTable;

/** Where a captured value is: one of these keys (`attr` only with `html`), or a string shorthand. */
export const CAPTURE_FIELDS = {
  json: {
    type: 'JSON path',
    description: 'A JSON path into the body.',
    example: '$.token',
    schema: { type: 'string', pattern: '^\\$' },
  },
  regex: {
    type: '/pattern/flags',
    description: 'A regex over the body: its first group, or the whole match.',
    example: '/csrf: (\\w+)/',
    schema: { type: 'string', pattern: '^/' },
  },
  header: {
    type: 'header name',
    description: "A header of the answer (the last hop's).",
    example: 'X-CSRF-Token',
    schema: HEADER_NAME_SCHEMA,
  },
  cookie: {
    type: 'cookie name',
    description: "A cookie of the VU's jar, as it would be sent to the answer's URL.",
    example: 'XSRF-TOKEN',
    schema: HEADER_NAME_SCHEMA,
  },
  html: {
    type: 'CSS selector',
    description: 'An element of the HTML body.',
    example: 'input[name=_csrf]',
    schema: { type: 'string', minLength: 1 },
  },
  attr: {
    type: 'attribute name',
    description: "With `html`: the attribute read, or `text` for the element's text.",
    example: 'content',
    default: 'value',
    schema: { type: 'string', minLength: 1 },
  },
} satisfies Record<CaptureKind | 'attr', Field>;

/** The schema of a capture: a string shorthand (`$.x` JSON path, `/x/` regex) or exactly one kind. */
export function captureSchema(kindSchema: (kind: CaptureKind | 'attr') => JsonSchema): JsonSchema {
  return {
    description:
      'Where a value is in the answer: "$.token" (JSON path), "/csrf: (\\w+)/" (regex), or one of {json}, {regex}, {header}, {cookie}, {html, attr}.',
    anyOf: [
      { type: 'string', pattern: '^[$/]' },
      ...CAPTURE_KINDS.map((kind) => ({
        type: 'object',
        properties: { [kind]: kindSchema(kind), ...(kind === 'html' ? { attr: kindSchema('attr') } : {}) },
        required: [kind],
        additionalProperties: false,
      })),
    ],
  };
}
