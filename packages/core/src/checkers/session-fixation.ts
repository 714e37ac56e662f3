import type { VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, who } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';

/**
 * `session-fixation`: the session id a VU held before logging in is still the one it holds
 * after a successful login (the target did not regenerate it).
 */
export function sessionFixationChecker(ctx: CheckContext): IncrementalChecker {
  const acc = new FindingAccumulator('session-fixation', 'critical', ctx);

  function feed(op: VuOp, invoke: VuOp | undefined): void {
    if (op.step !== 'login' || op.type !== 'ok' || !invoke) return;
    if (op.status === undefined || op.status >= 400 || op.identity === null) return;
    const before = invoke.session;
    if (before !== undefined && op.session !== undefined && before === op.session)
      acc.add(op.time, op.process);
  }

  return {
    kinds: ['session-fixation'],
    invokes: false,
    feed,
    finish: () =>
      acc.toFindings(
        (g) =>
          `${plural(g.count, 'login')} (${who(g)}) kept the session id held before login: ` +
          `the target must issue a new session id at login, or an attacker who planted one rides the session.`,
      ),
  };
}
