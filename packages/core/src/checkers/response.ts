import type { VuOp } from '../history/op.ts';

/** Path of a URL or path, without query or fragment (cheap: no URL parsing per op). */
export function pathOf(url: string): string {
  let start = 0;
  const scheme = url.indexOf('://');
  if (scheme !== -1) {
    start = url.indexOf('/', scheme + 3);
    if (start === -1) return '/';
  }
  let end = url.length;
  const q = url.indexOf('?', start);
  if (q !== -1) end = q;
  const h = url.indexOf('#', start);
  if (h !== -1 && h < end) end = h;
  return url.slice(start, end) || '/';
}

/** The completion was refused as unauthenticated (401/403). */
export function isUnauthorized(op: VuOp): boolean {
  return op.status === 401 || op.status === 403;
}

/** Some hop redirected to the login page, or the chain ended on it. */
export function reachedLoginPage(op: VuOp, loginPath: string): boolean {
  const hops = op.hops;
  if (!hops || hops.length === 0) return false;
  for (const hop of hops) {
    if (
      hop.location !== undefined &&
      hop.status >= 300 &&
      hop.status < 400 &&
      pathOf(hop.location) === loginPath
    ) {
      return true;
    }
  }
  return hops.length > 1 && pathOf(hops[hops.length - 1]!.url) === loginPath;
}

/**
 * The response says "you are not logged in": 401/403, a redirect to the login page, or an
 * explicitly anonymous identity.
 */
export function isNotAuthenticated(op: VuOp, loginPath: string): boolean {
  return isUnauthorized(op) || op.identity === null || reachedLoginPage(op, loginPath);
}

/**
 * A read or write that did not reach the data: refused (401/403) or sent to the login page on the
 * way (a 200 from the login page is an answer, not the session's value). It is no success in
 * coverage, and the data checkers do not judge it (it returned nothing of the session).
 */
export function bounced(op: VuOp, loginPath: string): boolean {
  return isUnauthorized(op) || reachedLoginPage(op, loginPath);
}

/** The request got an answer (any status), as opposed to an error with no response. */
export function answered(op: VuOp): boolean {
  return op.type !== 'invoke' && op.status !== undefined;
}

/** What kind of error a completion was, as the history shows it (see {@link errorKind}). */
export type ErrorKind = 'no-answer' | 'headers-too-large' | 'response-too-large' | '5xx';

/** Error text prefixes the traffic package records for answers too large to read. */
const RESPONSE_TOO_LARGE = 'response-too-large';
const HEADERS_TOO_LARGE = 'headers-too-large';

/**
 * The kind of error a completion was, or undefined when it was none: no answer (refused, reset,
 * timed out), headers over the client's limit, a body over `maxBodyBytes` (answered, but not
 * readable: the whole answer was never downloaded), or a 5xx. A request the tool aborted itself
 * (`aborted`) is not one: stopping a run must not make the target look broken; nor is a step
 * that was never sent (`notSent`). A 4xx or a bounce to the login page is an answer, `fail` as it
 * may be: the session checkers judge it (lost-session, unauthorized-spike, redirect-loop), so it
 * is not counted twice.
 */
export function errorKind(op: VuOp): ErrorKind | undefined {
  if (op.aborted === true || op.notSent === true) return undefined;
  if (op.status === undefined) {
    if (op.type === 'ok') return undefined;
    return op.error?.startsWith(HEADERS_TOO_LARGE) === true ? 'headers-too-large' : 'no-answer';
  }
  if (op.status >= 500) return '5xx';
  return op.error?.startsWith(RESPONSE_TOO_LARGE) === true ? 'response-too-large' : undefined;
}

/** An error of the target (see {@link errorKind}): what error rates and error-spike count. */
export function isError(op: VuOp): boolean {
  if (op.aborted === true || op.notSent === true) return false;
  if (op.status === undefined) return op.type !== 'ok';
  return op.status >= 500 || (op.error !== undefined && op.error.startsWith(RESPONSE_TOO_LARGE));
}

/** Probes that send a stale cookie on purpose: their refusals are expected, not lost sessions. */
export function isReplayProbe(op: VuOp): boolean {
  return op.probe === 'replay-after-logout' || op.probe === 'pre-login-session';
}

/**
 * A login whose own request went through though the pages after it did not: completed `info`
 * (a later hop failed or was cut off), its first hop answered below 400 without sending the
 * user to the login page, and the session it ends with is not the one it was sent with. Such a
 * login made a session (the lab's `POST /login` answered 303 with a new cookie, then `GET /`
 * met a store just gone down; a Tomcat node killed after `j_security_check`).
 */
export function loginWentThrough(op: VuOp, invoke: VuOp | undefined, loginPath: string): boolean {
  if (op.step !== 'login' || op.type !== 'info' || op.session === undefined) return false;
  const first = op.hops?.[0];
  if (first === undefined || first.status >= 400) return false;
  if (first.location !== undefined && pathOf(first.location) === loginPath) return false;
  return op.session !== invoke?.session;
}

/**
 * A logout whose outcome is unknown: no answer at all (a reset, a timeout: the server may have
 * destroyed the session before the connection was cut, as a node stopping mid-request does), or
 * a balancer's 502/504 (the node it forwarded to may have acted before failing). A 500 or 503
 * is an answer: the app (or a balancer with no node to send to) says it did not log out.
 */
export function logoutIndeterminate(op: VuOp): boolean {
  if (op.step !== 'logout' || op.type === 'invoke' || op.aborted === true || endsSession(op)) return false;
  return op.status === undefined || op.status === 502 || op.status === 504;
}

/**
 * A logout that ended the session: it completed `ok`, or the logout request itself was answered
 * below 400 (the page it redirected to may have failed after it) or cleared a cookie. One
 * answered 5xx or not at all (a store down, a timeout) or refused (4xx) left the session live,
 * so the checkers keep judging it: a later refusal is a lost session, not the logout working.
 */
export function endsSession(op: VuOp): boolean {
  if (op.step !== 'logout' || op.type === 'invoke') return false;
  if (op.type === 'ok') return true;
  const hops = op.hops;
  if (!hops || hops.length === 0) return false;
  if (hops[0]!.status < 400) return true;
  for (const hop of hops) for (const c of hop.set) if (c.cleared) return true;
  return false;
}
