import type { CookieRef, JarLifetime } from '@sessionchaos/core';
import { Cookie, CookieJar } from 'tough-cookie';
import { CompactCookieStore } from './compact-cookie-store.ts';
import { shortHash } from './hash.ts';

/** What a request will send: the Cookie header and the cookies in it, as recorded (name + hash). */
export interface OutgoingCookies {
  header: string;
  refs: CookieRef[];
}

const NO_COOKIES: OutgoingCookies = { header: '', refs: [] };

/** An empty jar over the compact store (the memory store's dictionaries cost an idle VU ~0.5 KB). */
const newJar = (): CookieJar => new CookieJar(new CompactCookieStore(), { looseMode: true });

const CLEARING = /;\s*max-age\s*=\s*(?:0|-\d+)\s*(?:;|$)/i;
const MAX_AGE = /;\s*max-age\s*=/i;

/** Name and value of a Set-Cookie line, without tough-cookie's full parse (for recording only). */
function setCookieRef(line: string): CookieRef {
  const end = line.indexOf(';');
  const pair = end === -1 ? line : line.slice(0, end);
  const eq = pair.indexOf('=');
  const name = (eq === -1 ? '' : pair.slice(0, eq)).trim();
  const value = (eq === -1 ? pair : pair.slice(eq + 1)).trim();
  const ref: CookieRef = { name, hash: shortHash(value) };
  // A logout usually clears the cookie: say so, checkers should not read it as a new session.
  if (value === '' || (end !== -1 && CLEARING.test(line))) ref.cleared = true;
  return ref;
}

/**
 * One VU's cookies: a tough-cookie jar (sync API over its MemoryCookieStore, so the hot path
 * does not allocate promises), with the jar lifetimes of the journey spec.
 */
export class VuJar {
  #jar = newJar();
  // One-entry cache of the last lookup: a VU mostly hits the same URLs with an unchanged jar, and
  // tough-cookie's lookup (domain permutations, path match, sort) was a third of the per-request
  // CPU in the bench. Valid until the jar changes or the first of those cookies expires.
  #cacheUrl: string | undefined;
  #cache: OutgoingCookies = NO_COOKIES;
  #cacheUntil = 0;
  // The last Set-Cookie stored and where: a target with rolling sessions re-sends the same line on
  // every answer, and storing it again (tough-cookie's full parse, the lookup cache dropped) cost a
  // request 25-36 µs. The same line from the same URL changes nothing unless it sets a relative
  // expiry (Max-Age), which moves.
  #lastSetUrl: string | undefined;
  #lastSet: string | string[] | undefined;

  /** Cookies to send to `url`, following the cookie rules (domain, path, secure, expiry). */
  outgoing(url: string): OutgoingCookies {
    if (url === this.#cacheUrl && (this.#cacheUntil === Infinity || Date.now() < this.#cacheUntil))
      return this.#cache;
    const cookies = this.#jar.getCookiesSync(url);
    let out = NO_COOKIES;
    let until = Infinity;
    if (cookies.length > 0) {
      let header = '';
      // Exactly sized: the cached refs stay with an idle VU, and push would reserve 16 more slots.
      const refs = new Array<CookieRef>(cookies.length);
      for (let i = 0; i < cookies.length; i++) {
        const c = cookies[i]!;
        header += header === '' ? `${c.key}=${c.value}` : `; ${c.key}=${c.value}`;
        refs[i] = { name: c.key, hash: shortHash(c.value) };
        const expiry = c.expiryTime();
        if (expiry !== undefined && expiry < until) until = expiry;
      }
      out = { header, refs };
    }
    this.#cacheUrl = url;
    this.#cache = out;
    this.#cacheUntil = until;
    return out;
  }

  /**
   * Stores every Set-Cookie of a response (undici gives a string for one header, an array for
   * several) and returns them as recorded. Cookies the rules reject are dropped, not thrown.
   */
  store(url: string, setCookie: string | string[] | undefined): CookieRef[] {
    if (setCookie === undefined) return [];
    const lines = typeof setCookie === 'string' ? [setCookie] : setCookie;
    const refs: CookieRef[] = [];
    if (!this.#sameAsLast(url, setCookie)) {
      this.#cacheUrl = undefined;
      for (const line of lines) this.#jar.setCookieSync(line, url, { ignoreError: true });
      this.#lastSetUrl = url;
      this.#lastSet = MAX_AGE.test(lines.join('\n')) ? undefined : setCookie;
    }
    for (const line of lines) refs.push(setCookieRef(line));
    return refs;
  }

  #sameAsLast(url: string, setCookie: string | string[]): boolean {
    const last = this.#lastSet;
    if (last === undefined || url !== this.#lastSetUrl) return false;
    if (typeof last === 'string' || typeof setCookie === 'string') return last === setCookie;
    return last.length === setCookie.length && last.every((line, i) => line === setCookie[i]);
  }

  /** Value of the cookie `name` that would be sent to `url`, if any. */
  value(url: string, name: string): string | undefined {
    for (const c of this.#jar.getCookiesSync(url)) if (c.key === name) return c.value;
    return undefined;
  }

  /**
   * Applies the jar lifetime at an iteration boundary. Returns true when cookies were dropped
   * (the VU then starts a new epoch: sessions never span epochs).
   */
  renew(lifetime: JarLifetime): boolean {
    if (lifetime === 'run') return false;
    this.#forget();
    if (lifetime === 'iteration') {
      this.#jar = newJar();
      return true;
    }
    // browser-restart: session cookies (no Expires/Max-Age) go, persistent ones stay.
    const serialized = this.#jar.serializeSync();
    const cookies = (serialized?.cookies ?? []).filter((c) => Cookie.fromJSON(c)?.isPersistent() === true);
    this.#jar = serialized
      ? CookieJar.deserializeSync({ ...serialized, cookies }, new CompactCookieStore())
      : newJar();
    return true;
  }

  /** Drops every cookie. */
  clear(): void {
    this.#forget();
    this.#jar = newJar();
  }

  /** Forgets the lookup cache and the last Set-Cookie: the jar is about to change under them. */
  #forget(): void {
    this.#cacheUrl = undefined;
    this.#lastSet = undefined;
    this.#lastSetUrl = undefined;
  }
}
