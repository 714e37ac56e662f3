import type { VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, where, who } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';
import { VuTable } from './vu-table.ts';
import type { PendingRefusal } from './refusal-recheck.ts';
import { sameNode, TransientRefusals, UnconfirmedRefusals } from './refusal-recheck.ts';
import {
  endsSession,
  isNotAuthenticated,
  isReplayProbe,
  loginWentThrough,
  logoutIndeterminate,
} from './response.ts';

interface VuSession {
  vu: number;
  epoch: number;
  /** The user this VU logs in as (from its login). */
  user: string | undefined;
  /** The session the VU holds (its hash as sent), followed through rotations. */
  session: string | undefined;
  /** An answer named the user with this session (or one it rotated from): only then can it be lost. */
  alive: boolean;
  loginAt: number;
  lastActiveAt: number;
  /** A logout in flight: refusals are expected until it answers. */
  loggingOut: boolean;
  /**
   * A logout of unknown outcome (cut off, 502/504): it may have ended the session, so a refusal
   * after it is no loss, until an answer naming the user shows the session survived it.
   */
  maybeLoggedOut: boolean;
  /** A refusal of the live session not yet tried again on the node that refused it. */
  refused: PendingRefusal | undefined;
}

/**
 * `lost-session`: a session seen alive (an answer named the VU's user with it) is refused as not
 * logged in (401/403, a redirect to the login page, an anonymous identity) within the idle and
 * absolute timeouts, and the refusal is confirmed: the same session is refused again by the node
 * that refused it (the VU's own next request landing there, or its `confirm-refusal` replay).
 * When that node accepts the session again (an answer naming the user), the refusal was
 * `transient-refusal` instead (with the time until accepted); one never tried again (the user
 * logged in again, the run ended) is unconfirmed: named in the details, never a loss. A login
 * whose check never named the user started no session (Tomcat's in-place FORM shown again).
 * Counted once per incident: the VU is then logged out. A session cookie replaced on an answer
 * that still serves the user (a re-issued JWT, a rotated id) is not a loss. Only a logout that
 * succeeded ends the session: one answered 500 or 503 (a store down) leaves it live, so a
 * refusal after it (the store came back empty) is a loss, and a refused logout is judged as any
 * request. One of unknown outcome (no answer, 502, 504: the node may have destroyed the session
 * before it was cut off) may have ended it: as Jepsen reads an indeterminate op, both are
 * possible, so a refusal after it is no loss. A login answered 5xx or not at all leaves an
 * earlier session as it was, unless its own request went through (a redirect that set a new
 * session, only the page after it failed): that login made a session, judged once seen alive.
 */
export function lostSessionChecker(ctx: CheckContext): IncrementalChecker {
  const o = ctx.options;
  const acc = new FindingAccumulator('lost-session', 'major', ctx);
  const transient = new TransientRefusals(ctx);
  const unconfirmed = new UnconfirmedRefusals();
  const live = new VuTable<VuSession>();

  /**
   * Ends VU `vu`'s session, and judges a refusal still open: confirmed (refused again by the node
   * that refused it, never accepted there since), a loss; else unconfirmed.
   */
  function end(vu: number): void {
    const p = live.get(vu)?.refused;
    if (p?.confirmed === true) acc.add(p.at, vu, 1, p.op, p.sentAt);
    else if (p !== undefined) unconfirmed.add(vu);
    live.delete(vu);
  }

  function feed(op: VuOp, invoke: VuOp | undefined): void {
    const state = live.get(op.process);
    if (state && state.epoch !== op.epoch) end(op.process);
    if (op.step === 'logout') {
      const s = live.get(op.process);
      if (!s) return;
      // From the moment a logout is sent, refusals are expected, until it proves to have failed.
      if (op.type === 'invoke') {
        s.loggingOut = true;
        return;
      }
      if (endsSession(op)) {
        end(op.process);
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
        end(op.process); // logging in again at once: an earlier refusal can no longer be re-checked
        const user = op.user ?? invoke?.user;
        live.set(op.process, {
          vu: op.process,
          epoch: op.epoch,
          user,
          session: op.session,
          // A login answer that names the user itself is its own evidence; else the check after it is.
          alive: typeof op.identity === 'string' && (user === undefined || op.identity === user),
          loginAt: op.time,
          lastActiveAt: op.time,
          loggingOut: false,
          maybeLoggedOut: false,
          refused: undefined,
        });
      } else if (op.type !== 'info') {
        // A login refused or bounced to the login page: not logged in now. One answered 5xx or
        // not at all (`info`) changed nothing known: an earlier session is still judged.
        end(op.process);
      }
      return;
    }
    const s = live.get(op.process);
    // A refusal is a `fail` with a status; no answer or a 5xx says nothing about the session.
    if (!s || s.loggingOut || op.status === undefined || op.status >= 500 || isReplayProbe(op)) return;
    const sentAt = invoke?.time ?? op.time - (op.latency ?? 0);
    if (sentAt - s.lastActiveAt > o.idleTimeoutMs || sentAt - s.loginAt > o.absoluteTimeoutMs) {
      end(op.process); // expired as configured: not an anomaly (a loss confirmed before it still is)
      return;
    }
    const sent = invoke === undefined ? op.session : invoke.session;
    const node = op.node ?? '';
    if (isNotAuthenticated(op, o.loginPath)) {
      // Never seen alive (a login that did not log in), or another session than the live one:
      // nothing known was refused.
      if (!s.alive || sent !== s.session) return;
      // After a logout of unknown outcome the refusal may be that logout working.
      if (s.maybeLoggedOut) {
        live.delete(op.process);
        return;
      }
      const p = s.refused;
      if (p === undefined)
        s.refused = { session: sent, at: op.time, sentAt, node, confirmed: false, op: ctx.current()?.index };
      // Refused again where it was refused: a loss, judged when the user leaves the session, unless
      // that node accepts it again before (a burst of refusals can refuse twice in a row).
      else if (sameNode(p.node, node)) p.confirmed = true;
      return;
    }
    const user = s.user ?? op.user;
    if (typeof op.identity === 'string' && (user === undefined || op.identity === user)) {
      const p = s.refused;
      if (p !== undefined && sent === p.session && sameNode(p.node, node)) {
        transient.add(p, op.time, op.process); // the node that refused it accepts it again
        s.refused = undefined;
      }
      if (sent === s.session) s.alive = true;
      // Only an answer naming the user proves the session outlived that logout (a public page does not).
      s.maybeLoggedOut = false;
    }
    // A new session cookie on an answer that still serves the user is a rotation (a re-issued token,
    // a regenerated id), not a loss: a session really lost shows as the next refusal. Not while a
    // refusal waits: the cookie a refusing node hands out is a new anonymous session.
    if (s.refused === undefined && sent === s.session && op.session !== sent) s.session = op.session;
    s.lastActiveAt = op.time;
  }

  return {
    kinds: ['lost-session', 'transient-refusal'],
    feed,
    finish: () => {
      // The run ended before these refusals could be tried again.
      for (const s of [...live.values()]) end(s.vu);
      const more = unconfirmed.sentence();
      return [
        ...acc.toFindings(
          (g) =>
            `${who(g, 'logged-in user')} lost their session ${where(g)} ` +
            `(${plural(g.count, 'time')}: a session seen alive was refused as not logged in, and refused ` +
            `again when tried again on the node that refused it, within the idle and absolute timeouts).${more}`,
        ),
        ...transient.toFindings(more),
      ];
    },
  };
}
