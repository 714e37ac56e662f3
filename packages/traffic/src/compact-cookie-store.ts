import {
  type Callback,
  type Cookie,
  type ErrorCallback,
  pathMatch,
  permuteDomain,
  Store,
} from 'tough-cookie';

type Nullable<T> = T | null | undefined;

/**
 * tough-cookie's MemoryCookieStore held in one exactly sized array instead of three
 * dictionary-mode objects per jar (domain, path, name): a VU holds one to a few cookies, and those
 * dictionaries were a quarter of an idle VU's heap. Same cookies found for the same questions;
 * the order in which they are listed differs, but the jar sorts whatever it reads
 * (`cookieCompare`: longest path, then oldest; `getAllCookies` by creation, as the memory store).
 */
export class CompactCookieStore extends Store {
  #items: Cookie[] = [];

  constructor() {
    super();
    this.synchronous = true;
  }

  override findCookie(
    domain: Nullable<string>,
    path: Nullable<string>,
    key: Nullable<string>,
  ): Promise<Cookie | undefined>;
  override findCookie(
    domain: Nullable<string>,
    path: Nullable<string>,
    key: Nullable<string>,
    callback: Callback<Cookie | undefined>,
  ): void;
  override findCookie(
    domain: Nullable<string>,
    path: Nullable<string>,
    key: Nullable<string>,
    callback?: Callback<Cookie | undefined>,
  ): Promise<Cookie | undefined> | void {
    const at = domain != null && path != null && key != null ? this.#find(domain, path, key) : -1;
    return settle(at === -1 ? undefined : this.#items[at], callback);
  }

  override findCookies(
    domain: Nullable<string>,
    path: Nullable<string>,
    allowSpecialUseDomain?: boolean,
  ): Promise<Cookie[]>;
  override findCookies(
    domain: Nullable<string>,
    path: Nullable<string>,
    allowSpecialUseDomain?: boolean,
    callback?: Callback<Cookie[]>,
  ): void;
  override findCookies(
    domain: Nullable<string>,
    path: Nullable<string>,
    allowSpecialUseDomain: boolean | Callback<Cookie[]> = false,
    callback?: Callback<Cookie[]>,
  ): Promise<Cookie[]> | void {
    if (typeof allowSpecialUseDomain === 'function') {
      callback = allowSpecialUseDomain;
      allowSpecialUseDomain = true;
    }
    const results: Cookie[] = [];
    if (!domain || this.#items.length === 0) return settle(results, callback);
    // The request's host and its parent domains, as the memory store looks them up.
    for (const d of permuteDomain(domain, allowSpecialUseDomain) ?? [domain])
      for (const c of this.#items) if (c.domain === d && (!path || pathMatch(path, c.path!))) results.push(c);
    return settle(results, callback);
  }

  override putCookie(cookie: Cookie): Promise<void>;
  override putCookie(cookie: Cookie, callback: ErrorCallback): void;
  override putCookie(cookie: Cookie, callback?: ErrorCallback): Promise<void> | void {
    const { domain, path, key } = cookie;
    if (domain != null && path != null && key != null) {
      own(cookie);
      const at = this.#find(domain, path, key);
      if (at !== -1) this.#items[at] = cookie;
      else this.#items = appended(this.#items, cookie);
    }
    return settle(undefined, callback);
  }

  override updateCookie(oldCookie: Cookie, newCookie: Cookie): Promise<void>;
  override updateCookie(oldCookie: Cookie, newCookie: Cookie, callback: ErrorCallback): void;
  override updateCookie(
    _oldCookie: Cookie,
    newCookie: Cookie,
    callback?: ErrorCallback,
  ): Promise<void> | void {
    return callback ? this.putCookie(newCookie, callback) : this.putCookie(newCookie);
  }

  override removeCookie(
    domain: Nullable<string>,
    path: Nullable<string>,
    key: Nullable<string>,
  ): Promise<void>;
  override removeCookie(
    domain: Nullable<string>,
    path: Nullable<string>,
    key: Nullable<string>,
    callback: ErrorCallback,
  ): void;
  override removeCookie(
    domain: Nullable<string>,
    path: Nullable<string>,
    key: Nullable<string>,
    callback?: ErrorCallback,
  ): Promise<void> | void {
    const at = domain != null && path != null && key != null ? this.#find(domain, path, key) : -1;
    if (at !== -1) this.#items = without(this.#items, (_, i) => i === at);
    return settle(undefined, callback);
  }

  override removeCookies(domain: string, path: Nullable<string>): Promise<void>;
  override removeCookies(domain: string, path: Nullable<string>, callback: ErrorCallback): void;
  override removeCookies(
    domain: string,
    path: Nullable<string>,
    callback?: ErrorCallback,
  ): Promise<void> | void {
    this.#items = without(this.#items, (c) => c.domain === domain && (!path || c.path === path));
    return settle(undefined, callback);
  }

  override removeAllCookies(): Promise<void>;
  override removeAllCookies(callback: ErrorCallback): void;
  override removeAllCookies(callback?: ErrorCallback): Promise<void> | void {
    this.#items = [];
    return settle(undefined, callback);
  }

  override getAllCookies(): Promise<Cookie[]>;
  override getAllCookies(callback: Callback<Cookie[]>): void;
  override getAllCookies(callback?: Callback<Cookie[]>): Promise<Cookie[]> | void {
    const cookies = this.#items.slice();
    cookies.sort((a, b) => (a.creationIndex || 0) - (b.creationIndex || 0));
    return settle(cookies, callback);
  }

  #find(domain: string, path: string, key: string): number {
    const items = this.#items;
    for (let i = 0; i < items.length; i++) {
      const c = items[i]!;
      if (c.key === key && c.path === path && c.domain === domain) return i;
    }
    return -1;
  }
}

// Domains and cookie names stores have seen, shared: every VU's cookie would otherwise hold its
// own copy of the target's host name and of "sid". Bounded, as a hostile target could make up
// names (beyond the bound, cookies keep their own copies).
const shared = new Map<string, string>();
const MAX_SHARED = 1024;

function share(text: string): string {
  const known = shared.get(text);
  if (known !== undefined) return known;
  if (shared.size < MAX_SHARED) shared.set(text, text);
  return text;
}

/**
 * Makes a stored cookie hold no part of its Set-Cookie line and share its domain and name: its
 * value is a slice of that line (V8 keeps the whole line alive for it), so it gets a flat copy of
 * its own. The texts are the same; only where they are kept changes.
 */
function own(cookie: Cookie): void {
  cookie.domain = share(cookie.domain!);
  cookie.key = share(cookie.key);
  // V8 slices strings of 13 characters or more; shorter ones are copies already. JSON's round
  // trip is lossless for any string (lone surrogates are escaped, then restored).
  if (cookie.value.length >= 13) cookie.value = JSON.parse(JSON.stringify(cookie.value)) as string;
}

// The arrays a store keeps are built exactly sized: an array grown by push (or filter's result)
// reserves 16 more slots, ~70 bytes that every idle VU would hold.

/** Copy of `items` with `item` at the end. */
function appended(items: readonly Cookie[], item: Cookie): Cookie[] {
  const out = new Array<Cookie>(items.length + 1);
  for (let i = 0; i < items.length; i++) out[i] = items[i]!;
  out[items.length] = item;
  return out;
}

/** Copy of `items` without those `drop` selects. */
function without(items: readonly Cookie[], drop: (item: Cookie, i: number) => boolean): Cookie[] {
  const keep: number[] = [];
  for (let i = 0; i < items.length; i++) if (!drop(items[i]!, i)) keep.push(i);
  const out = new Array<Cookie>(keep.length);
  for (let k = 0; k < keep.length; k++) out[k] = items[keep[k]!]!;
  return out;
}

/** Answers through the callback (the jar's sync API) or a promise, as tough-cookie's stores do. */
function settle<T>(value: T, callback: ((error: null, value: T) => void) | undefined): Promise<T> | void {
  if (callback) return callback(null, value);
  return Promise.resolve(value);
}
