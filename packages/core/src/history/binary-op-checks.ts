// What BinaryOpWriter checks an op with before it writes it, and its string cache slots (binary-op-writer.ts).
import { COOKIE_BITS, OP_TYPES, SAME_SITES, VU_BITS, VU_STEPS } from './binary-format.ts';
import type { CookieRef } from './op.ts';
import { VU_OP_FIELDS } from './binary-shapes.ts';

// A whole number the varint holds (the type says number; a rare fraction or negative goes as JSON).
export const isUint = (n: unknown): n is number =>
  typeof n === 'number' && ((n as number) >>> 0 === n || (Number.isSafeInteger(n) && (n as number) > 0));

// The keys of a decoded hop and cookie, in their order (binary-shapes.ts: makeHop, makeCookie).
export const HOP_KEYS: readonly string[] = ['method', 'url', 'status', 'location', 'sent', 'set', 'node'];
export const COOKIE_KEYS: readonly string[] = [
  'name',
  'hash',
  'secure',
  'sameSite',
  'domain',
  'path',
  'cleared',
];

/**
 * Whether `o`'s defined keys are all in `keys` and in its order, as a decoded object holds them:
 * only then is the NDJSON line made from the decoded op the line of this one (else it goes as JSON).
 */
export function inOrder(o: object, keys: readonly string[]): boolean {
  let p = 0;
  const r = o as Record<string, unknown>;
  for (const key in r) {
    if (r[key] === undefined) continue;
    while (p < keys.length && keys[p] !== key) p++;
    if (p++ === keys.length) return false;
  }
  return true;
}

// Slots of the one-entry string caches, by field (binary-op-writer's #str).
export const CACHE_VUS = 1024;
export const SLOT = {
  method: 0,
  url: 1,
  node: 2,
  session: 3,
  identity: 4,
  user: 5,
  cookieName: 6,
  other: 7,
  count: 8,
};

export const VU_FIELDS: readonly string[] = VU_OP_FIELDS;
export const FIELD_COUNT = VU_FIELDS.length;

// Codes by a compare of (internalized) literals: cheaper than a hash lookup, twice an op.
/** The code of an op type, or undefined. */
export const typeCode = (t: unknown): number | undefined => {
  for (let i = 0; i < OP_TYPES.length; i++) if (OP_TYPES[i] === t) return i;
  return undefined;
};
/** The code of a VU step, or undefined. */
export const stepCode = (s: unknown): number | undefined => {
  for (let i = 0; i < VU_STEPS.length; i++) if (VU_STEPS[i] === s) return i;
  return undefined;
};

const SAME_SITE_CODE = new Map<string, number>(SAME_SITES.map((s, i) => [s, i]));

/** A cookie's mask (binary-format.ts, COOKIE_BITS), or -1 when a field is not one the layout holds. */
export function cookieMask(c: CookieRef): number {
  let mask = 0;
  if (c.secure !== undefined) {
    if (typeof c.secure !== 'boolean') return -1;
    mask |= c.secure ? COOKIE_BITS.secure | COOKIE_BITS.secureTrue : COOKIE_BITS.secure;
  }
  if (c.sameSite !== undefined) {
    const code = SAME_SITE_CODE.get(c.sameSite);
    if (code === undefined) return -1;
    mask |= COOKIE_BITS.sameSite | (code << COOKIE_BITS.sameSiteShift);
  }
  if (c.domain !== undefined) mask |= COOKIE_BITS.domain;
  if (c.path !== undefined) mask |= COOKIE_BITS.path;
  if (c.cleared !== undefined) {
    if (typeof c.cleared !== 'boolean') return -1;
    mask |= c.cleared ? COOKIE_BITS.cleared | COOKIE_BITS.clearedTrue : COOKIE_BITS.cleared;
  }
  return mask;
}

/** A VU op's flag bits (VU_BITS) for its flag fields, or -1 when one holds a value the layout does not. */
export function flagBits(
  cacheable: unknown,
  aborted: unknown,
  notSent: unknown,
  redirectLoop: unknown,
): number {
  let mask = 0;
  if (cacheable !== undefined) {
    if (typeof cacheable !== 'boolean') return -1;
    mask |= cacheable ? VU_BITS.cacheable | VU_BITS.cacheableTrue : VU_BITS.cacheable;
  }
  if (aborted !== undefined) {
    if (aborted !== true) return -1;
    mask |= VU_BITS.aborted;
  }
  if (notSent !== undefined) {
    if (notSent !== true) return -1;
    mask |= VU_BITS.notSent;
  }
  if (redirectLoop !== undefined) {
    if (redirectLoop === 'cap') mask |= VU_BITS.redirectLoop | VU_BITS.redirectCap;
    else if (redirectLoop === 'repeat') mask |= VU_BITS.redirectLoop;
    else return -1;
  }
  return mask;
}
