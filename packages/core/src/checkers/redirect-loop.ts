import type { CookieRef, Hop, VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, where, who } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';
import { pathOf } from './response.ts';

/** Why a navigation looped: the cookie that went missing between hops, and the likely cause. */
export interface LoopDiagnosis {
  reason: 'repeat' | 'cap';
  missingCookie: string | null;
  cause: string;
}

function cookieState(cookies: CookieRef[]): string {
  return cookies
    .map((c) => `${c.name}=${c.hash}`)
    .sort()
    .join(';');
}

function hostOf(url: string): string | null {
  const scheme = url.indexOf('://');
  if (scheme === -1) return null;
  const end = url.indexOf('/', scheme + 3);
  const host = url.slice(scheme + 3, end === -1 ? undefined : end);
  return host.replace(/:\d+$/, '').toLowerCase();
}

// Which attribute stopped the client from sending a cookie it was just given.
function likelyCause(cookie: CookieRef, from: Hop, to: Hop, sessionCookie: string): string {
  if (cookie.secure && to.url.startsWith('http://')) return `it is Secure but the next hop is plain http`;
  const host = hostOf(to.url);
  if (cookie.domain && host !== null) {
    const domain = cookie.domain.replace(/^\./, '').toLowerCase();
    if (host !== domain && !host.endsWith(`.${domain}`))
      return `its Domain=${cookie.domain} does not match ${host}`;
  }
  if (cookie.path && !pathOf(to.url).startsWith(cookie.path))
    return `its Path=${cookie.path} does not cover ${pathOf(to.url)}`;
  if (cookie.sameSite === 'none' && !cookie.secure)
    return `SameSite=None without Secure is refused by clients`;
  if (cookie.sameSite === 'strict' && hostOf(from.url) !== host)
    return `SameSite=Strict on a cross-site redirect`;
  if (cookie.name === sessionCookie) return 'the session was not kept between hops (lost session)';
  return 'the client dropped it';
}

/** Explains a looping chain of hops (pure; exported for reports). */
export function diagnoseLoop(hops: Hop[], reason: 'repeat' | 'cap', sessionCookie: string): LoopDiagnosis {
  for (let i = 0; i + 1 < hops.length; i++) {
    const from = hops[i]!;
    const to = hops[i + 1]!;
    for (const cookie of from.set) {
      if (cookie.cleared) continue;
      const sent = to.sent.find((c) => c.name === cookie.name);
      if (!sent || sent.hash !== cookie.hash) {
        return { reason, missingCookie: cookie.name, cause: likelyCause(cookie, from, to, sessionCookie) };
      }
    }
  }
  const sessionSent = hops.some((h) => h.sent.some((c) => c.name === sessionCookie));
  return {
    reason,
    missingCookie: null,
    cause: sessionSent
      ? 'the session cookie was sent but not recognised by the serving node (lost session)'
      : 'no session cookie was ever set',
  };
}

/** Finds a repeated (URL, cookie state) pair, or a chain over the hop cap that never reached a 2xx. */
export function findLoop(op: VuOp, hopCap: number): 'repeat' | 'cap' | null {
  if (op.redirectLoop) return op.redirectLoop;
  const hops = op.hops;
  if (!hops || hops.length < 2) return null;
  const seen = new Set<string>();
  for (const hop of hops) {
    const key = `${hop.method} ${hop.url} ${cookieState(hop.sent)}`;
    if (seen.has(key)) return 'repeat';
    seen.add(key);
  }
  const last = hops[hops.length - 1]!;
  if (hops.length > hopCap && (last.status < 200 || last.status >= 300)) return 'cap';
  return null;
}

/**
 * `redirect-loop`: one navigation repeats a (URL, cookie state) pair, or exceeds the hop cap
 * without a 2xx. The detail names the cookie that went missing between hops and why.
 */
export function redirectLoopChecker(ctx: CheckContext): IncrementalChecker {
  const o = ctx.options;
  const acc = new FindingAccumulator('redirect-loop', 'major', ctx);
  const diagnoses = new Map<string, number>();

  function feed(op: VuOp): void {
    if (op.type === 'invoke' || !op.hops) return;
    const reason = findLoop(op, o.hopCap);
    if (reason === null) return;
    const d = diagnoseLoop(op.hops, reason, o.sessionCookie);
    const key = d.missingCookie === null ? d.cause : `cookie ${d.missingCookie} went missing: ${d.cause}`;
    diagnoses.set(key, (diagnoses.get(key) ?? 0) + 1);
    acc.add(op.time, op.process);
  }

  return {
    kinds: ['redirect-loop'],
    invokes: false,
    feed,
    finish() {
      const top = [...diagnoses.entries()].sort((a, b) => b[1] - a[1])[0];
      return acc.toFindings(
        (g) =>
          `${plural(g.count, 'navigation')} looped ${where(g)} (${who(g)}); ` +
          `most likely: ${top ? top[0] : 'unknown'}.`,
      );
    },
  };
}
