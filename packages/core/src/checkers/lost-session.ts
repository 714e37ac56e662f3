import type { VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, where, who } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';
import { VuTable } from './vu-table.ts';
import {
  endsSession,
  isNotAuthenticated,
  isReplayProbe,
  loginWentThrough,
  logoutIndeterminate,
} from './response.ts';

interface VuSession {
  epoch: number;
  loginAt: number;
  lastActiveAt: number;
  /** A logout in flight: refusals are expected until it answers. */
  loggingOut: boolean;
  /**
   * A logout of unknown outcome (cut off, 502/504): it may have ended the session, so a refusal
   * after it is no loss, until an answer naming the user shows the session survived it.
   */
  maybeLoggedOut: boolean;
}

/**
 * `lost-session`: a VU that logged in (ok), has not logged out and is within the idle and
 * absolute timeouts gets 401/403, a redirect to the login page or an anonymous identity.
 * Counted once per incident: the VU is then logged out. A session cookie replaced on an answer
 * that still serves the user (a re-issued JWT, a rotated id) is not a loss. Only a logout that
 * succeeded ends the session: one answered 500 or 503 (a store down) leaves it live, so a
 * refusal after it (the store came back empty) is a loss, and a refused logout is judged as any
 * request. One of unknown outcome (no answer, 502, 504: the node may have destroyed the session
 * before it was cut off) may have ended it: as Jepsen reads an indeterminate op, both are
 * possible, so a refusal after it is no loss. A login answered 5xx or not at all leaves an
 * earlier session as it was, unless its own request went through (a redirect that set a new
 * session, only the page after it failed): that login made a session, judged from then on.
 */
export function lostSessionChecker(ctx: CheckContext): IncrementalChecker {
  const o = ctx.options;
  const acc = new FindingAccumulator('lost-session', 'major', ctx);
  const live = new VuTable<VuSession>();

  function feed(op: VuOp, invoke: VuOp | undefined): void {
    const state = live.get(op.process);
    if (state && state.epoch !== op.epoch) live.delete(op.process);
    if (op.step === 'logout') {
      const s = live.get(op.process);
      if (!s) return;
      // From the moment a logout is sent, refusals are expected, until it proves to have failed.
      if (op.type === 'invoke') {
        s.loggingOut = true;
        return;
      }
      if (endsSession(op)) {
        live.delete(op.process);
        return;
      }
      s.loggingOut = false; // it failed: its own answer is judged below like any request
      if (logoutIndeterminate(op)) {
        s.maybeLoggedOut = true;
        return;
      }
    }
    if (op.type === 'invoke') return;
    if (op.step === 'login') {
      if (
        (op.type === 'ok' &&
          !isNotAuthenticated(op, o.loginPath) &&
          op.status !== undefined &&
          op.status < 400) ||
        loginWentThrough(op, invoke, o.loginPath)
      ) {
        live.set(op.process, {
          epoch: op.epoch,
          loginAt: op.time,
          lastActiveAt: op.time,
          loggingOut: false,
          maybeLoggedOut: false,
        });
      } else if (op.type !== 'info') {
        // A login refused or bounced to the login page: not logged in now. One answered 5xx or
        // not at all (`info`) changed nothing known: an earlier session is still judged.
        live.delete(op.process);
      }
      return;
    }
    const s = live.get(op.process);
    // A refusal is a `fail` with a status; no answer or a 5xx says nothing about the session.
    if (!s || s.loggingOut || op.status === undefined || op.status >= 500 || isReplayProbe(op)) return;
    const sentAt = invoke?.time ?? op.time - (op.latency ?? 0);
    if (sentAt - s.lastActiveAt > o.idleTimeoutMs || sentAt - s.loginAt > o.absoluteTimeoutMs) {
      live.delete(op.process); // expired as configured: not an anomaly
      return;
    }
    if (isNotAuthenticated(op, o.loginPath)) {
      // After a logout of unknown outcome the refusal may be that logout working.
      if (!s.maybeLoggedOut) acc.add(op.time, op.process);
      live.delete(op.process);
      return;
    }
    // Only an answer naming the user proves the session outlived that logout (a public page does not).
    if (s.maybeLoggedOut && typeof op.identity === 'string') s.maybeLoggedOut = false;
    // A new session cookie on an answer that still serves the user is a rotation (a re-issued token,
    // a regenerated id), not a loss: a session really lost shows as the next refusal.
    s.lastActiveAt = op.time;
  }

  return {
    kinds: ['lost-session'],
    feed,
    finish: () =>
      acc.toFindings(
        (g) =>
          `${who(g, 'logged-in user')} lost their session ${where(g)} ` +
          `(${plural(g.count, 'time')}: refused as not logged in, ` +
          `within the idle and absolute timeouts).`,
      ),
  };
}
