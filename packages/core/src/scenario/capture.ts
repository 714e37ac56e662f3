import { locationProblem, parseJsonPath, parseRegexLocation } from './location.ts';

/** Where a captured value sits in an answer. */
export type CaptureSpec =
  /** A JSON path into the body: `$.token`, `$.user.id`, `$.items[0]`. */
  | { json: string }
  /** A regex over the body, `/pattern/flags`: its first group (or the whole match). */
  | { regex: string }
  /** A response header (the last hop's), by name. */
  | { header: string }
  /** A cookie of the VU's jar, as it would be sent to the answer's URL. */
  | { cookie: string }
  /** An element of the HTML body found with a CSS selector; its `attr` (default `value`), or `text`. */
  | { html: string; attr?: string };

/** A capture as written: a spec, or a string shorthand for a JSON path (`$.x`) or a regex (`/x: (\w+)/`). */
export type CaptureInput = string | CaptureSpec;

/** The capture kinds, in the order the messages list them. */
export const CAPTURE_KINDS = ['json', 'regex', 'header', 'cookie', 'html'] as const;
/** One capture kind. */
export type CaptureKind = (typeof CAPTURE_KINDS)[number];

/** A capture resolved to its kind and argument. */
export interface ResolvedCapture {
  kind: CaptureKind;
  /** The JSON path, regex, header name, cookie name or CSS selector. */
  arg: string;
  /** For `html`: the attribute to read, or `text` for the element's text. */
  attr?: string;
}

const NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Turns a capture as written into its kind and argument (validate first: this assumes a valid one). */
export function resolveCapture(input: CaptureInput): ResolvedCapture {
  if (typeof input === 'string') return { kind: input.startsWith('$') ? 'json' : 'regex', arg: input };
  const spec = input as Record<string, string>;
  for (const kind of CAPTURE_KINDS) {
    if (spec[kind] !== undefined) {
      return kind === 'html'
        ? { kind, arg: spec.html!, attr: spec.attr ?? 'value' }
        : { kind, arg: spec[kind]! };
    }
  }
  throw new Error(`not a capture: ${JSON.stringify(input)}`);
}

/** Every problem with a capture as written, each as [sub-path, message]; empty when it is fine. */
export function captureProblems(input: unknown): [string, string][] {
  const shape =
    'must be a JSON path ("$.token"), a regex ("/csrf: (\\w+)/"), or one of ' +
    '{json: "$.x"}, {regex: "/x/"}, {header: NAME}, {cookie: NAME}, {html: "input[name=_csrf]", attr: value}';
  if (typeof input === 'string') {
    const p = locationProblem(input);
    return p ? [['', p]] : [];
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [['', shape]];
  const spec = input as Record<string, unknown>;
  const kinds = CAPTURE_KINDS.filter((k) => spec[k] !== undefined);
  const out: [string, string][] = [];
  for (const key of Object.keys(spec)) {
    if (!(CAPTURE_KINDS as readonly string[]).includes(key) && !(key === 'attr' && kinds[0] === 'html'))
      out.push([
        `.${key}`,
        `unknown field "${key}". Valid fields: ${CAPTURE_KINDS.join(', ')} (one of them), attr (with html)`,
      ]);
  }
  if (kinds.length !== 1) return [...out, ['', shape]];
  const kind = kinds[0]!;
  const arg = spec[kind];
  if (typeof arg !== 'string' || arg === '') return [...out, [`.${kind}`, 'must be a non-empty string']];
  if (kind === 'json') {
    const r = parseJsonPath(arg);
    if (typeof r === 'string') out.push([`.${kind}`, r]);
  } else if (kind === 'regex') {
    const r = parseRegexLocation(arg);
    if (typeof r === 'string') out.push([`.${kind}`, r]);
  } else if ((kind === 'header' || kind === 'cookie') && !NAME.test(arg)) {
    out.push([`.${kind}`, `${JSON.stringify(arg)} is not a valid ${kind} name`]);
  } else if (
    kind === 'html' &&
    spec.attr !== undefined &&
    (typeof spec.attr !== 'string' || spec.attr === '')
  ) {
    out.push(['.attr', 'must be an attribute name, or "text" for the element\'s text']);
  }
  return out;
}
