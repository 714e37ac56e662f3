import type { VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, where, who } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';
import { VuTable } from './vu-table.ts';
import { endsSession, isNotAuthenticated } from './response.ts';

// Logged-out sessions remembered per VU (the latest ones; replays target those).
const REMEMBERED_LOGOUTS = 4;

interface LoggedOut {
  session: string;
  at: number;
}

/** A VU's logged-out sessions, and the last session seen that is none of them. */
interface VuLogouts {
  list: LoggedOut[];
  /**
   * Nearly every request carries the VU's live session, never a logged-out one: once it was
   * looked for in `list` and not found, one compare settles it until the list changes.
   */
  clean: string | undefined;
}

/** The remembered logout of `session`, if any (a loop: `find` would make a closure per op). */
function loggedOutAs(list: LoggedOut[], session: string): LoggedOut | undefined {
  for (let i = 0; i < list.length; i++) if (list[i]!.session === session) return list[i];
  return undefined;
}

/**
 * `logout-not-propagated`: a request sent at least `logoutGraceMs` after an acknowledged
 * logout, carrying the old session cookie, was still accepted (an answer that is not a
 * refusal, a login redirect or an anonymous identity). Requests sent before the logout
 * completed are not judged, nor are the journey's `visit` (the login page, public: it answers
 * anyone, so its 200 says nothing of the old session) and `login` (a login that succeeds makes a
 * new session; the old cookie it carried was not accepted). Found on Tomcat: a user whose old
 * cookie stayed in the jar (Tomcat clears none on logout) opened the login page and was counted.
 */
export function logoutNotPropagatedChecker(ctx: CheckContext): IncrementalChecker {
  const o = ctx.options;
  const acc = new FindingAccumulator('logout-not-propagated', 'critical', ctx);
  const vus = new VuTable<VuLogouts>();
  const nodes = new Set<string>();

  function feed(op: VuOp, invoke: VuOp | undefined): void {
    if (op.type === 'invoke') return;
    if (op.step === 'logout') {
      // The same rule as every checker's: a logout whose own request was answered below 400 counts.
      if (endsSession(op) && invoke?.session !== undefined) {
        let v = vus.get(op.process);
        if (v === undefined) vus.set(op.process, (v = { list: [], clean: undefined }));
        v.list.push({ session: invoke.session, at: op.time });
        if (v.list.length > REMEMBERED_LOGOUTS) v.list.shift();
        v.clean = undefined;
      }
      return;
    }
    if (op.step === 'visit' || op.step === 'login') return;
    const v = vus.get(op.process);
    if (!v || op.type !== 'ok' || !invoke || invoke.session === undefined) return;
    if (invoke.session === v.clean) return;
    const old = loggedOutAs(v.list, invoke.session);
    if (!old) {
      v.clean = invoke.session;
      return;
    }
    if (invoke.time < old.at + o.logoutGraceMs) return;
    if (op.status === undefined || op.status >= 400 || isNotAuthenticated(op, o.loginPath)) return;
    if (op.node !== undefined) nodes.add(op.node);
    acc.add(op.time, op.process);
  }

  return {
    kinds: ['logout-not-propagated'],
    invokes: false,
    feed,
    finish: () =>
      acc.toFindings(
        (g) =>
          `${plural(g.count, 'request')} with a logged-out session cookie (${who(g)}) ` +
          `${g.count === 1 ? 'was' : 'were'} still accepted more than ${o.logoutGraceMs} ms after logout ${where(g)}` +
          (nodes.size > 0 ? `, by ${[...nodes].sort().join(', ')}.` : '.'),
      ),
  };
}
