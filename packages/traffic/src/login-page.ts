import type { VuOp } from '@sessionchaos/core';

/** Some hop redirected to the login page, or a redirect chain ended on it. */
export function endsOnLoginPage(hops: VuOp['hops'] & object, loginPage: string): boolean {
  for (const h of hops) if (h.location !== undefined && pathOf(h.location) === loginPage) return true;
  return hops.length > 1 && pathOf(hops[hops.length - 1]!.url) === loginPage;
}

/** The path of an absolute URL or of a path with a query (no URL parse: it runs on every answer). */
function pathOf(url: string): string {
  let start = 0;
  const scheme = url.indexOf('://');
  if (scheme !== -1) {
    start = url.indexOf('/', scheme + 3);
    if (start === -1) return '/';
  }
  const end = url.search(/[?#]/);
  return url.slice(start, end === -1 ? undefined : end) || '/';
}
