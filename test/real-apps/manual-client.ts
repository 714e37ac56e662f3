import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';
import { ManualCookies } from './manual-cookies.ts';

/** One answer, body read as text. */
export interface ManualAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** What a request sends besides its method and path. */
export interface ManualBody {
  form?: Record<string, string>;
  json?: unknown;
  headers?: Record<string, string>;
}

/** A request function bound to one base URL and one {@link ManualCookies}; redirects are not followed. */
export interface ManualClient {
  jar: ManualCookies;
  send(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: ManualBody,
  ): Promise<ManualAnswer>;
}

/**
 * Walks an app by hand with undici `request`: no redirect following, cookies from {@link ManualCookies}.
 * `path` is relative to `baseUrl` unless it is an absolute URL.
 */
export function manualClient(baseUrl: string, jar = new ManualCookies()): ManualClient {
  return {
    jar,
    async send(method, path, body = {}) {
      const headers: Record<string, string> = { ...jar.header(), ...body.headers };
      let payload: string | undefined;
      if (body.form !== undefined) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        payload = new URLSearchParams(body.form).toString();
      } else if (body.json !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body.json);
      }
      const url = /^https?:/.test(path) ? path : `${baseUrl}${path}`;
      const res = await request(url, {
        method,
        headers,
        body: payload,
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
      });
      jar.absorb(res.headers);
      return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
    },
  };
}

/** The value of the first `<input ... name="NAME" ... value="V">` in an HTML page. */
export function inputValue(html: string, name: string): string | undefined {
  for (const tag of html.match(/<input\b[^>]*>/g) ?? []) {
    if (new RegExp(`\\bname="${name}"`).test(tag)) return /\bvalue="([^"]*)"/.exec(tag)?.[1];
  }
  return undefined;
}
