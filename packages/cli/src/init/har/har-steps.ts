import { HTTP_METHODS } from '@sessionchaos/core';
import type { HarEntry, HarPair } from './har-file.ts';

/** One exchange of the recording, normalised: lower-case header names, decoded bodies, parsed fields. */
export interface Exchange {
  method: string;
  url: URL;
  /** Request headers, lower-case names (the last of repeated ones). */
  headers: Map<string, string>;
  /** Cookies the request sent. */
  cookies: Map<string, string>;
  /** The request body's form fields (urlencoded) or JSON value, when it has one. */
  form?: Map<string, string>;
  json?: unknown;
  status: number;
  answerHeaders: Map<string, string>;
  /** Cookies the answer set (name -> value). */
  setCookies: Map<string, string>;
  mime: string;
  /** The answer's body as text ('' when the HAR has none). */
  text: string;
  /** Where a redirect answer sends the browser, resolved. */
  location?: string;
}

/** A request and the redirects the browser followed from it: what one journey step replays. */
export interface Step {
  /** Position in the recording. */
  index: number;
  hops: Exchange[];
  first: Exchange;
  last: Exchange;
}

const STATIC_TYPES = new Set(['image', 'stylesheet', 'script', 'font', 'media', 'manifest', 'texttrack']);
const STATIC_MIME = /^(image|font|video|audio)\/|css|javascript|ecmascript|wasm/;
const STATIC_PATH = /\.(png|jpe?g|gif|svg|ico|webp|avif|css|js|mjs|map|woff2?|ttf|otf|eot|mp4|webm)$/i;

/** Whether an entry is a static asset (image, style sheet, script, font): a journey never replays one. */
export function isStaticAsset(e: HarEntry): boolean {
  if (e._resourceType !== undefined && STATIC_TYPES.has(e._resourceType)) return true;
  if (STATIC_MIME.test(e.response.content?.mimeType ?? '')) return true;
  try {
    return STATIC_PATH.test(new URL(e.request.url).pathname);
  } catch {
    return true;
  }
}

/** The site of a URL (what same-site means): the host for an IP or localhost, else its last two labels. */
export function siteOf(url: URL): string {
  const host = url.hostname;
  if (/^[\d.]+$|^\[|^localhost$/.test(host)) return `${url.protocol}//${host}`;
  return `${url.protocol}//${host.split('.').slice(-2).join('.')}`;
}

function headerMap(list: HarPair[]): Map<string, string> {
  return new Map(list.map((h) => [h.name.toLowerCase(), h.value]));
}

function setCookiesOf(e: HarEntry): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of e.response.cookies ?? []) out.set(c.name, c.value);
  // Chromium folds several Set-Cookie into one header joined by newlines.
  for (const h of e.response.headers)
    if (h.name.toLowerCase() === 'set-cookie')
      for (const line of h.value.split('\n')) {
        const m = /^\s*([^=;\s]+)=([^;]*)/.exec(line);
        if (m) out.set(m[1]!, m[2]!);
      }
  return out;
}

function requestCookies(e: HarEntry, headers: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of e.request.cookies ?? []) out.set(c.name, c.value);
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const m = /^\s*([^=\s]+)=(.*)$/.exec(part);
    if (m) out.set(m[1]!, m[2]!.trim());
  }
  return out;
}

function bodyText(e: HarEntry): string {
  const c = e.response.content;
  if (c?.text === undefined) return '';
  return c.encoding === 'base64' ? Buffer.from(c.text, 'base64').toString('utf8') : c.text;
}

/** Normalises one HAR entry. */
export function exchangeOf(e: HarEntry): Exchange {
  const url = new URL(e.request.url);
  const headers = headerMap(e.request.headers);
  const answerHeaders = headerMap(e.response.headers);
  const x: Exchange = {
    method: e.request.method.toUpperCase(),
    url,
    headers,
    cookies: requestCookies(e, headers),
    status: e.response.status,
    answerHeaders,
    setCookies: setCookiesOf(e),
    mime: (e.response.content?.mimeType ?? answerHeaders.get('content-type') ?? '').toLowerCase(),
    text: bodyText(e),
  };
  const to = e.response.redirectURL || answerHeaders.get('location');
  if (x.status >= 300 && x.status < 400 && to) x.location = new URL(to, url).href;
  const post = e.request.postData;
  const type = (post?.mimeType ?? headers.get('content-type') ?? '').toLowerCase();
  if (post?.text !== undefined && type.includes('json')) {
    try {
      x.json = JSON.parse(post.text);
    } catch {
      // Not JSON after all: kept as no body.
    }
  } else if (post !== undefined && type.includes('x-www-form-urlencoded')) {
    x.form = new Map(
      post.text !== undefined
        ? new URLSearchParams(post.text)
        : (post.params ?? []).map((p) => [p.name, decodeURIComponent(p.value.replace(/\+/g, ' '))]),
    );
  }
  return x;
}

/**
 * The recording as steps: static assets dropped, each redirect followed by the browser folded into the step
 * that started it (a journey step follows redirects itself).
 */
export function stepsOf(entries: HarEntry[]): Step[] {
  const steps: Step[] = [];
  const open: Step[] = [];
  for (const e of entries) {
    if (isStaticAsset(e)) continue;
    let x: Exchange;
    try {
      x = exchangeOf(e);
    } catch {
      continue;
    }
    // CORS preflights (OPTIONS), HEAD probes and websockets are the browser's own, never a journey step.
    if (x.url.protocol !== 'http:' && x.url.protocol !== 'https:') continue;
    if (!(HTTP_METHODS as readonly string[]).includes(x.method)) continue;
    const from = open.findIndex((s) => s.last.location === x.url.href && x.method === 'GET');
    if (from >= 0) {
      const s = open[from]!;
      s.hops.push(x);
      s.last = x;
      if (x.location === undefined) open.splice(from, 1);
      continue;
    }
    const s: Step = { index: steps.length, hops: [x], first: x, last: x };
    steps.push(s);
    if (x.location !== undefined) open.push(s);
  }
  return steps;
}

/** The path and query of a URL, as a journey step names it on its target. */
export function pathOf(url: URL): string {
  return url.pathname + url.search;
}
