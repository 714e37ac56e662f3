import type { VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, where } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';
import { VuTable } from './vu-table.ts';
import { isNotAuthenticated, isReplayProbe } from './response.ts';

interface VuSession {
  epoch: number;
  loginAt: number;
  lastActiveAt: number;
  session: string | undefined;
}

/**
 * `lost-session`: a VU that logged in (ok), has not logged out and is within the idle and
 * absolute timeouts gets 401/403, a redirect to the login page, an anonymous identity, or a
 * session cookie other than its own. Counted once per incident: the VU is then logged out.
 */
export function lostSessionChecker(ctx: CheckContext): IncrementalChecker {
  const o = ctx.options;
  const acc = new FindingAccumulator('lost-session', 'major', ctx);
  const live = new VuTable<VuSession>();

  function feed(op: VuOp, invoke: VuOp | undefined): void {
    const state = live.get(op.process);
    if (state && state.epoch !== op.epoch) live.delete(op.process);
    if (op.step === 'logout') {
      // From the moment a logout is sent, refusals are expected.
      live.delete(op.process);
      return;
    }
    if (op.type === 'invoke') return;
    if (op.step === 'login') {
      if (
        op.type === 'ok' &&
        !isNotAuthenticated(op, o.loginPath) &&
        op.status !== undefined &&
        op.status < 400
      ) {
        live.set(op.process, {
          epoch: op.epoch,
          loginAt: op.time,
          lastActiveAt: op.time,
          session: op.session,
        });
      } else if (op.type === 'ok') {
        live.delete(op.process);
      }
      return;
    }
    const s = live.get(op.process);
    if (!s || op.type !== 'ok' || isReplayProbe(op)) return;
    const sentAt = invoke?.time ?? op.time - (op.latency ?? 0);
    if (sentAt - s.lastActiveAt > o.idleTimeoutMs || sentAt - s.loginAt > o.absoluteTimeoutMs) {
      live.delete(op.process); // expired as configured: not an anomaly
      return;
    }
    const refused = isNotAuthenticated(op, o.loginPath);
    const replaced =
      !refused && s.session !== undefined && op.session !== undefined && op.session !== s.session;
    if (refused || replaced) {
      acc.add(op.time, op.process);
      live.delete(op.process);
      return;
    }
    s.lastActiveAt = op.time;
    if (s.session === undefined) s.session = op.session;
  }

  return {
    kinds: ['lost-session'],
    feed,
    finish: () =>
      acc.toFindings(
        (g) =>
          `${plural(g.users.size, 'logged-in user')} lost their session ${where(g)} ` +
          `(${plural(g.count, 'time')}: refused as not logged in or handed a new session cookie, ` +
          `within the idle and absolute timeouts).`,
      ),
  };
}
