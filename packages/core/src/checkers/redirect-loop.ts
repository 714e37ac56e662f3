import type { CookieRef, Hop, VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, where, who } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';
import { pathOf } from './response.ts';
import { VuTable } from './vu-table.ts';

/** What the rest of the history says about the session a loop sent (see {@link diagnoseLoop}). */
export interface LoopEvidence {
  /** The login page's path: a hop sent there was not recognised as logged in. */
  loginPath?: string;
  /** Session hashes an answer named this VU's user with, before the loop (accepted sessions). */
  namedSessions?: ReadonlySet<string>;
}

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

/**
 * Explains a looping chain of hops (pure; exported for reports). Every cause is read from the
 * hops and `evidence`: a cookie set on one hop and not sent on the next; else whether the session
 * cookie was sent, whether the app sent it to the login page (it did not know the session), and
 * whether an answer had named the user with that session before (it did know it).
 */
export function diagnoseLoop(
  hops: Hop[],
  reason: 'repeat' | 'cap',
  sessionCookie: string,
  evidence: LoopEvidence = {},
): LoopDiagnosis {
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
  const sent = new Set<string>();
  for (const h of hops) for (const c of h.sent) if (c.name === sessionCookie) sent.add(c.hash);
  if (sent.size === 0) return { reason, missingCookie: null, cause: 'no session cookie was ever set' };
  const named = [...sent].some((s) => evidence.namedSessions?.has(s) === true);
  const toLogin =
    evidence.loginPath !== undefined &&
    hops.some((h) => h.location !== undefined && pathOf(h.location) === evidence.loginPath);
  let cause: string;
  if (toLogin && named)
    cause =
      'the session cookie was sent and sent to the login page, though an answer had named the user with that session before: the serving node no longer recognised it (lost session)';
  else if (toLogin)
    cause =
      'the session cookie was sent and sent to the login page: the serving node did not recognise it (no answer had named the user with it)';
  else if (named)
    cause =
      'the session cookie was sent and the session was known (an answer had named the user with it), yet the app bounced it: a redirect rule loops for a logged-in user';
  else
    cause =
      'the session cookie was sent; the loop never reached the login page and no answer had named the user with that session, so whether the app recognised it is not known: check the redirect rules of the looping URLs';
  return { reason, missingCookie: null, cause };
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
  // Per VU, the sessions an answer named its user with (whoami): the app knew them.
  // `last` is the session added last: a VU names its user with the same session op after op, and
  // adding it again changes nothing, so that hash lookup per op is skipped.
  const named = new VuTable<{ sessions: Set<string>; last: string | undefined }>();

  function feed(op: VuOp): void {
    if (op.type === 'invoke') return;
    if (
      typeof op.identity === 'string' &&
      (op.user ?? op.identity) === op.identity &&
      op.session !== undefined
    ) {
      let n = named.get(op.process);
      if (n === undefined) named.set(op.process, (n = { sessions: new Set(), last: undefined }));
      if (n.sessions.size >= 64) n.sessions.clear(); // bounded: the loop's session is a recent one
      if (n.last !== op.session || n.sessions.size === 0) {
        n.sessions.add(op.session);
        n.last = op.session;
      }
    }
    if (!op.hops) return;
    const reason = findLoop(op, o.hopCap);
    if (reason === null) return;
    const d = diagnoseLoop(op.hops, reason, o.sessionCookie, {
      loginPath: o.loginPath,
      namedSessions: named.get(op.process)?.sessions,
    });
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
