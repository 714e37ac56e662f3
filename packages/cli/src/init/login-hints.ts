import type { Answer } from '@sessionchaos/traffic';

const SIGN_IN = /\b(sign|log)[\s_-]?(in|on)\b|signin|login|logon/i;
const NOT_SIGN_IN = /(sign|log)[\s_-]?(out|off|up)|register|forgot|reset/i;

/** A path that says it is about signing in. */
export const SIGN_IN_PATH = /sign[-_]?in|log[-_]?in|logon|session|auth/i;

/** Where a link points: a path on the target, or an absolute URL elsewhere (an identity provider). */
export type LinkTarget = { path: string } | { url: string };

/**
 * The links of a page whose text or target says sign in / log in (`<a href="/accounts/login/">Sign
 * in</a>`), as a person would look for them; sign-up, log-out and password-reset links are left out.
 */
export function signInLinks(answer: Answer, pageUrl: string): LinkTarget[] {
  const out: LinkTarget[] = [];
  const seen = new Set<string>();
  const origin = new URL(pageUrl).origin;
  for (const a of answer.page.selectAll('a[href], button[formaction]')) {
    const href = a.attribs.href ?? a.attribs.formaction ?? '';
    const text = textOf(a);
    const said = `${text} ${href} ${a.attribs['aria-label'] ?? ''} ${a.attribs.title ?? ''}`;
    if (!SIGN_IN.test(said) || NOT_SIGN_IN.test(said) || href.startsWith('#') || /^\w+:(?!\/\/)/.test(href))
      continue;
    let u: URL;
    try {
      u = new URL(href, pageUrl);
    } catch {
      continue;
    }
    const key = u.href;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(u.origin === origin ? { path: u.pathname + u.search } : { url: u.href });
  }
  return out;
}

/** The other same-origin links of a page (not sign-out, sign-up or assets), as paths. */
export function pageLinks(answer: Answer, pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin;
  const out: string[] = [];
  for (const a of answer.page.selectAll('a[href]')) {
    const href = a.attribs.href!;
    if (NOT_SIGN_IN.test(`${href} ${textOf(a)}`) || href.startsWith('#')) continue;
    try {
      const u = new URL(href, pageUrl);
      const path = u.pathname + u.search;
      if (
        u.origin === origin &&
        !/\.(css|js|png|svg|ico|jpe?g|pdf|zip)$/i.test(u.pathname) &&
        !out.includes(path)
      )
        out.push(path);
    } catch {
      // Not a URL: no page to open.
    }
  }
  return out;
}

function textOf(el: { children?: unknown[] }): string {
  let s = '';
  for (const c of el.children ?? []) {
    if (c !== null && typeof c === 'object' && 'data' in c && typeof c.data === 'string') s += c.data;
    else if (c !== null && typeof c === 'object' && 'children' in c)
      s += textOf(c as { children?: unknown[] });
  }
  return s.trim();
}

// A quoted path a page's form or script sends the sign-in to: fetch('/auth/signin'), action="/api/login".
const QUOTED_PATH = /["'`](\/[\w\-./]*?(?:sign-?in|log-?in|session|auth)[\w\-./]*)["'`]/gi;

/** Paths that a page's text (its forms' actions, its inline scripts, a script it loads) names for a sign-in. */
export function pathHints(bodies: string[]): string[] {
  const out: string[] = [];
  for (const body of bodies)
    for (const m of body.matchAll(QUOTED_PATH)) {
      const path = m[1]!;
      if (
        !NOT_SIGN_IN.test(path) &&
        !/\.(js|css|png|svg|ico|jpe?g|woff2?)$/i.test(path) &&
        !out.includes(path)
      )
        out.push(path);
    }
  return out;
}

/** The same-origin scripts a page loads (`<script src>`), where a single-page app keeps its sign-in call. */
export function scriptPaths(answer: Answer, pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin;
  const out: string[] = [];
  for (const s of answer.page.selectAll('script[src]')) {
    try {
      const u = new URL(s.attribs.src!, pageUrl);
      if (u.origin === origin) out.push(u.pathname);
    } catch {
      // A src that is not a URL loads nothing.
    }
  }
  return out.slice(0, 3);
}
