import type { JsonValue, RequestSpec } from '@sessionchaos/core';
import { Echoes, tokenLike } from './echo.ts';
import type { Step } from './har-steps.ts';

// Headers a browser adds by itself: a journey step's HTTP client sends its own.
const BROWSER_HEADERS =
  /^(host|cookie|user-agent|accept(-.*)?|referer|origin|content-(type|length)|connection|cache-control|pragma|upgrade-insecure-requests|sec-.*|priority|dnt|te|if-.*|keep-alive|:.*)$/;

/**
 * Turns recorded requests into journey requests: the recorded username and password become
 * `{{username}}` and `{{password}}` (never written out), values echoed from earlier answers become
 * captured variables, headers the journey sends on every request are left to it.
 */
export class Templater {
  readonly echoes = new Echoes();
  /** Journey-wide headers (a bearer token): left out of each step. */
  journeyHeaders: Record<string, string> = {};
  readonly #username: string;
  readonly #password: string;

  constructor(username: string, password: string) {
    this.#username = username;
    this.#password = password;
  }

  /** The template for one recorded string sent after `sources`, named after `hint` if it is captured. */
  text(value: string, hint: string, sources: Step[]): string {
    if (value === this.#password && value !== '') return '{{password}}';
    if (value === this.#username && value !== '') return '{{username}}';
    if (tokenLike(value)) {
      const t = this.echoes.templateFor(value, hint, sources);
      if (t !== undefined) return t;
    }
    if (this.#username !== '' && value.includes(this.#username))
      return value.replaceAll(this.#username, '{{username}}');
    return value;
  }

  /** A path with each segment or query value an earlier answer gave (an id) made a variable. */
  path(step: Step, sources: Step[]): string {
    const url = step.first.url;
    const segments = url.pathname
      .split('/')
      .map((s, i, all) =>
        i > 0 && /^\d+$|^[\w-]{8,}$/.test(s) ? this.#segment(s, all[i - 1] ?? '', sources) : s,
      );
    const query = [...url.searchParams].map(([k, v]) => `${k}=${this.text(v, k, sources)}`).join('&');
    return segments.join('/') + (query ? `?${query}` : '');
  }

  #segment(s: string, parent: string, sources: Step[]): string {
    if (s === this.#username) return '{{username}}';
    if (!/\d/.test(s)) return s;
    // A short number is an id only when an earlier answer gave it (the login's user.id).
    const t = this.echoes.templateFor(s, `${parent.replace(/s$/, '')}_id`, sources);
    return t ?? s;
  }

  /** The journey request replaying a recorded step (its first request; the step follows redirects itself). */
  request(step: Step, sources: Step[]): RequestSpec {
    const x = step.first;
    const spec: RequestSpec = {
      method: x.method as RequestSpec['method'],
      path: this.path(step, sources),
    };
    if (x.form) {
      spec.bodyType = 'form';
      spec.body = Object.fromEntries([...x.form].map(([k, v]) => [k, this.text(v, k, sources)]));
    } else if (x.json !== undefined) {
      spec.bodyType = 'json';
      spec.body = this.json(x.json, '', sources);
    }
    const headers: Record<string, string> = {};
    for (const [name, v] of x.headers) {
      if (BROWSER_HEADERS.test(name) || name in this.journeyHeaders) continue;
      const t = this.text(v, name, sources);
      if (t !== v || /^x-/.test(name)) headers[name] = t;
    }
    if (Object.keys(headers).length > 0) spec.headers = headers;
    return spec;
  }

  /** A JSON body with each string leaf templated. */
  json(v: unknown, key: string, sources: Step[]): JsonValue {
    if (typeof v === 'string') return this.text(v, key, sources);
    if (Array.isArray(v)) return v.map((x) => this.json(x, key, sources));
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.json(x, k, sources)]));
    return v as JsonValue;
  }

  /** Every capture the echoes put on `step`. */
  capturesOf(step: Step): RequestSpec['capture'] {
    return this.echoes.captures.get(step.index);
  }
}
