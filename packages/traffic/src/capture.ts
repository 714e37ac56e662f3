import { compileLocation, parseJsonPath, resolveCapture, type CaptureInput } from '@sessionchaos/core';
import type { IncomingHttpHeaders } from 'node:http';
import type { VuJar } from './cookie-jar.ts';
import { elementValue, HtmlPage } from './html-page.ts';

/** A captured value: a scalar, a list (a JSON array), or null when the answer says so explicitly. */
export type CapturedValue = string | number | (string | number)[] | null;

/** The final answer of a step, as captures read it. The HTML is parsed at most once, when first asked. */
export class Answer {
  readonly status: number | undefined;
  readonly body: string;
  /** The URL the answer came from (after redirects). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly jar: VuJar;
  #page: HtmlPage | undefined;
  #json: unknown;
  #parsed = false;

  constructor(
    status: number | undefined,
    body: string,
    url: string,
    headers: IncomingHttpHeaders,
    jar: VuJar,
  ) {
    this.status = status;
    this.body = body;
    this.url = url;
    this.headers = headers;
    this.jar = jar;
  }

  /** The body parsed as JSON once, whatever number of captures read it; `undefined` when it is not JSON. */
  get json(): unknown {
    if (!this.#parsed) {
      this.#parsed = true;
      try {
        this.#json = JSON.parse(this.body);
      } catch {
        this.#json = undefined;
      }
    }
    return this.#json;
  }

  get page(): HtmlPage {
    this.#page ??= new HtmlPage(this.body);
    return this.#page;
  }
}

/** Reads one value out of an answer; `undefined` when it is not there. */
export type Capture = (answer: Answer) => CapturedValue | undefined;

/** A scalar as captures hand it over: strings and numbers as they are, booleans as text, `null` kept. */
function capturedValue(v: unknown): CapturedValue | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return String(v);
  // A JSON path that lands on an array (a cart's items) keeps it as a list of scalars.
  if (Array.isArray(v))
    return v.map((x) => (typeof x === 'number' || typeof x === 'string' ? x : JSON.stringify(x)));
  return undefined;
}

/** Compiles a validated capture (see `captureProblems` in core). */
export function compileCapture(input: CaptureInput): Capture {
  const c = resolveCapture(input);
  switch (c.kind) {
    case 'json': {
      const segments = parseJsonPath(c.arg);
      if (typeof segments === 'string') throw new Error(segments);
      // The answer's body is parsed once for every JSON capture of the step (and its identity or value).
      return (a) => {
        let v = a.json;
        for (const seg of segments) {
          if (v === null || typeof v !== 'object') return undefined;
          v = (v as Record<string | number, unknown>)[seg];
        }
        return capturedValue(v);
      };
    }
    case 'regex': {
      const extract = compileLocation(c.arg);
      return (a) => extract(a.body);
    }
    case 'header': {
      const name = c.arg.toLowerCase();
      return (a) => {
        const v = a.headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
    }
    case 'cookie':
      return (a) => a.jar.value(a.url, c.arg);
    case 'html': {
      const attr = c.attr ?? 'value';
      return (a) => {
        const el = a.page.select(c.arg);
        return el ? elementValue(el, attr) : undefined;
      };
    }
  }
}

/** Describes a capture for messages: `{html: "input[name=_csrf]"}`. */
export function describeCapture(input: CaptureInput): string {
  const c = resolveCapture(input);
  return `{${c.kind}: ${JSON.stringify(c.arg)}${c.attr !== undefined && c.attr !== 'value' ? `, attr: ${c.attr}` : ''}}`;
}
