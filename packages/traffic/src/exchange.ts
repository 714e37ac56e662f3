import { makeHop, type Hop, type NodeNaming } from '@sessionchaos/core';
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { OutgoingCookies, VuJar } from './cookie-jar.ts';
import { errorText } from './http-client.ts';
import { send, type RawResponse } from './http-send.ts';

/** One logical request of a VU (redirects included). */
export interface ExchangeRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  body?: string;
  contentType?: string;
  /** Send this Cookie header instead of the jar's (probes replaying an old cookie); nothing is stored. */
  cookieOverride?: string;
  /** The URL's origin and path when the caller already has them (saves a URL parse per request). */
  split?: { origin: string; path: string };
  /** Cookies already read from the jar for the first hop (saves a second jar lookup). */
  firstCookies?: OutgoingCookies;
  /** Extra headers (lower-case names), sent on every hop that stays on the first hop's origin. */
  headers?: [string, string][];
}

/** How redirects are followed and nodes named. */
export interface ExchangeOptions {
  maxHops: number;
  /** Origins a redirect may go to (the target's own included). */
  allowedOrigins: ReadonlySet<string>;
  node: NodeNaming;
  signal?: AbortSignal;
  /** Prefix of each body kept (default 1 MiB); the rest is counted, not kept. */
  maxBodyBytes?: number;
}

/** What came back, after every hop. `status` is absent when no response came (`error` says why). */
export interface ExchangeResult {
  status?: number;
  body: string;
  finalUrl: string;
  hops: Hop[];
  node?: string;
  redirectLoop?: 'repeat' | 'cap';
  /** Location of a redirect to an origin that is not allowed: recorded, not followed. */
  notFollowed?: string;
  cacheable?: boolean;
  error?: string;
  /** The last answer's headers (captures read them). */
  headers?: IncomingHttpHeaders;
  /** Size of the last answer's whole body, and whether `body` is only its prefix. */
  bodyBytes?: number;
  truncated?: boolean;
  /** The last answer was longer than `maxBodyBytes`: not read on, `error` says `response-too-large`. */
  tooLarge?: true;
}

type Headers = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function isCacheable(h: Headers): boolean {
  const cc = first(h['cache-control']);
  if (cc && !/private|no-store/.test(cc) && /public|max-age=[1-9]/.test(cc)) return true;
  if (first(h.age) !== undefined) return true;
  return /hit/i.test(first(h['x-cache']) ?? '');
}

/**
 * Sends a request and follows redirects itself: every hop's cookies sent and set are recorded
 * and stored in the jar; a repeated (URL, cookie state) or more than `maxHops` redirects ends
 * the chain as a loop; a redirect to an origin not allowed is recorded but not followed.
 * Never throws: a timeout, reset or refusal comes back as `error`.
 */
export async function exchange(
  client: Dispatcher,
  jar: VuJar,
  req: ExchangeRequest,
  options: ExchangeOptions,
): Promise<ExchangeResult> {
  const hops: Hop[] = [];
  // (method, URL, cookies sent) of every hop so far; built only once a redirect happens, so a
  // plain request pays nothing for loop detection.
  let seen: Set<string> | undefined;
  let { method, url, body } = req;
  let contentType = req.contentType;
  let prepared = req.firstCookies;
  let split = req.split;
  let firstHeader = '';
  let firstOrigin: string | undefined;
  for (;;) {
    const out =
      req.cookieOverride !== undefined
        ? { header: req.cookieOverride, refs: [] as Hop['sent'] }
        : (prepared ?? jar.outgoing(url));
    prepared = undefined;
    if (hops.length > 0) {
      seen ??= new Set([hopKey(hops[0] as Hop, req.cookieOverride ?? firstHeader)]);
      const key = `${method} ${url}\n${out.header}`;
      if (seen.has(key)) {
        const loop = withoutAnswer(hops, url);
        loop.status = hops[hops.length - 1]!.status;
        loop.redirectLoop = 'repeat';
        return loop;
      }
      seen.add(key);
    } else {
      firstHeader = out.header;
    }
    const { origin, path } = split ?? splitUrl(url);
    split = undefined;
    // A flat [name, value, ...] list: undici takes it as it is (an object costs it a key walk).
    const headers: string[] = [];
    firstOrigin ??= origin;
    if (out.header !== '') headers.push('cookie', out.header);
    if (contentType !== undefined) headers.push('content-type', contentType);
    // Like fetch: custom headers (an Authorization among them) never follow a redirect to another
    // origin. They come last, so a step may set its own content type (or cookie).
    if (req.headers !== undefined && origin === firstOrigin)
      for (const [k, v] of req.headers) setHeader(headers, k, v);
    let res: RawResponse;
    try {
      res = await send(client, {
        origin,
        path,
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
        signal: options.signal,
        maxBodyBytes: options.maxBodyBytes,
      });
    } catch (err) {
      // No answer: no status (the op is `info`), the node of the last hop that answered.
      const failed = withoutAnswer(hops, url);
      failed.error = errorText(err);
      return failed;
    }
    const h = res.headers as Headers;
    const status = res.status;
    const set = req.cookieOverride === undefined ? jar.store(url, h['set-cookie']) : [];
    const node =
      'header' in options.node
        ? first(h[options.node.header.toLowerCase()])
        : jar.value(url, options.node.cookie);
    const location = status >= 300 && status < 400 ? first(h.location) : undefined;
    // Keys in the order the binary history decodes them (core's makeHop): recorded as a VU op record.
    const hop: Hop = makeHop(method, url, status, location, out.refs, set, node);
    hops.push(hop);
    // One result for every way this hop can end the exchange; each way adds its own field.
    const result: ExchangeResult = {
      status,
      body: res.body,
      finalUrl: url,
      hops,
      node,
      headers: res.headers,
      bodyBytes: res.bodyBytes,
      truncated: res.truncated,
    };
    if (res.tooLarge !== undefined) {
      // Headers were read (its cookies are stored) but not the body: nothing after it is followed.
      result.tooLarge = true;
      result.error = responseTooLargeText(res);
      return result;
    }
    if (location === undefined) {
      result.cacheable = isCacheable(h);
      return result;
    }
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      result.error = `invalid Location "${location}"`;
      return result;
    }
    if (!options.allowedOrigins.has(next.origin)) {
      result.notFollowed = next.href;
      return result;
    }
    if (hops.length > options.maxHops) {
      result.redirectLoop = 'cap';
      return result;
    }
    // Browsers turn a 303 (and a POST answered by 301/302) into a GET without a body.
    if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      contentType = undefined;
    }
    url = next.href;
  }
}

/** The `response-too-large` error of an answer read up to the limit, then closed. */
function responseTooLargeText(res: RawResponse): string {
  const limit = res.tooLarge!.limit;
  const size =
    res.tooLarge!.declared !== undefined
      ? `declares ${res.tooLarge!.declared} bytes (Content-Length), none of them read`
      : `was cut after ${res.bodyBytes} bytes`;
  return (
    `response-too-large: the answer (status ${res.status}) ${size}, more than maxBodyBytes (${limit}); ` +
    'the connection was closed and the answer not judged. Make the target answer less, or raise journey.maxBodyBytes'
  );
}

/** Sets `name` in a flat header list: replaces the value of a header already there (names are lower case). */
function setHeader(headers: string[], name: string, value: string): void {
  for (let i = 0; i < headers.length; i += 2)
    if (headers[i] === name) {
      headers[i + 1] = value;
      return;
    }
  headers.push(name, value);
}

function hopKey(hop: Hop, cookieHeader: string): string {
  return `${hop.method} ${hop.url}\n${cookieHeader}`;
}

function splitUrl(url: string): { origin: string; path: string } {
  const u = new URL(url);
  return { origin: u.origin, path: u.pathname + u.search };
}

/** The result of an exchange that ends before a new answer: the node that answered last, if any. */
function withoutAnswer(hops: Hop[], url: string): ExchangeResult {
  return { body: '', finalUrl: url, hops, node: hops[hops.length - 1]?.node };
}
