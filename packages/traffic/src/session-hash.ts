import { shortHash } from './hash.ts';

/** The hash of the session token variable `name` among `vars` (a token session), if captured. */
export function tokenHash(
  vars: ReadonlyMap<string, string | number> | undefined,
  name: string,
): string | undefined {
  const v = vars?.get(name);
  return v === undefined ? undefined : shortHash(String(v));
}

/** The hash of cookie `name` among the cookies a request sends (hashed once, by the jar). */
export function refHash(refs: readonly { name: string; hash: string }[], name: string): string | undefined {
  for (const r of refs) if (r.name === name) return r.hash;
  return undefined;
}

/** The hash of cookie `name` in a Cookie header given as is (a probe replaying an old one). */
export function sessionFromHeader(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return shortHash(part.slice(eq + 1).trim());
  }
  return undefined;
}
