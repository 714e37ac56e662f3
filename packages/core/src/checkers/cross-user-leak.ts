import type { VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, where, who } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';
import { VuTable } from './vu-table.ts';

interface Owner {
  vu: number;
  epoch: number;
}

/**
 * `cross-user-leak` (always critical): a response names another VU's identity, two VUs are
 * handed the same session id, or a Set-Cookie comes on a response marked cacheable or served
 * from a cache. Session ids are tracked while a VU holds them (memory follows live VUs), so a
 * long-abandoned id handed out again is not seen.
 */
export function crossUserLeakChecker(ctx: CheckContext): IncrementalChecker {
  const o = ctx.options;
  const acc = new FindingAccumulator('cross-user-leak', 'critical', ctx);
  const users = new VuTable<string>();
  const owners = new Map<string, Owner>();
  const held = new VuTable<string>();
  const how = { identity: 0, shared: 0, cached: 0 };

  function hold(op: VuOp, session: string): void {
    if (held.get(op.process) === session) return; // still the session it already holds
    const owner = owners.get(session);
    if (owner && owner.vu !== op.process) {
      how.shared++;
      acc.add(op.time, op.process);
    }
    const previous = held.get(op.process);
    if (previous !== undefined && previous !== session && owners.get(previous)?.vu === op.process)
      owners.delete(previous);
    held.set(op.process, session);
    owners.set(session, { vu: op.process, epoch: op.epoch });
  }

  function feed(op: VuOp): void {
    if (op.user !== undefined && users.get(op.process) !== op.user) users.set(op.process, op.user);
    // Any answer can leak, a 404 or a 500 as much as a 200: only no answer has nothing to judge.
    if (op.type === 'invoke' || op.status === undefined) return;
    const expected = users.get(op.process);
    if (typeof op.identity === 'string' && expected !== undefined && op.identity !== expected) {
      how.identity++;
      acc.add(op.time, op.process);
    }
    const hops = op.hops;
    if (
      op.cacheable &&
      hops &&
      hops.length > 0 &&
      hops[hops.length - 1]!.set.some((c) => !c.cleared && c.hash !== '')
    ) {
      how.cached++;
      acc.add(op.time, op.process);
    }
    if (op.step === 'logout' || op.probe !== undefined) return; // cleared cookies and replays are not hand-outs
    if (hops) {
      for (const hop of hops) {
        for (const c of hop.set)
          if (c.name === o.sessionCookie && !c.cleared && c.hash !== '') hold(op, c.hash);
      }
    } else if (op.session !== undefined && op.session !== '') {
      hold(op, op.session);
    }
  }

  return {
    kinds: ['cross-user-leak'],
    feed,
    finish: () =>
      acc.toFindings(
        (g) =>
          `${plural(g.count, 'response')} leaked across users ${where(g)} (${who(g)}): ` +
          `${how.identity} named another user, ${how.shared} handed out a session id another user held, ` +
          `${how.cached} set a cookie on a cacheable response.`,
      ),
  };
}
