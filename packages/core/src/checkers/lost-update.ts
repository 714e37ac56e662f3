import type { VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, where, who } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';
import { VuTable } from './vu-table.ts';
import { asDataOp, endsSessionData, isNewSession, touchesSessionData, valueKey } from './session-data.ts';
import { sessionDataJudge } from './session-data-judge.ts';

interface Group {
  /**
   * Every value written by the group (acknowledged or not: an `info` one may have landed): the
   * first one alone, and all of them in a Set once a second write joins (only groups of two or
   * more are ever judged, and most writes are alone).
   */
  first: string;
  values: Set<string> | undefined;
  acked: number;
  size: number;
  open: number;
  endedAt: number;
}

interface VuWrites {
  epoch: number;
  session: string | undefined;
  /** Writes in flight: the usual single one's id (-1: none), further concurrent ones in `more`. */
  pendingId: number;
  more: Set<number> | undefined;
  group: Group | null;
  /** A finished group of concurrent writes waiting for the next read to judge it. */
  judge: Group | null;
}

/**
 * `lost-update`: two or more acknowledged writes to one session overlapped in time, and the
 * next read after all of them completed returns none of their values (the session store
 * applied neither, or a stale copy overwrote them). Sequential writes are stale-read's job.
 * Under `increment` or `append` data semantics, see {@link sessionDataJudge}.
 */
export function lostUpdateChecker(ctx: CheckContext): IncrementalChecker {
  if (ctx.options.dataSemantics !== 'set') return sessionDataJudge(ctx, 'lost-update');
  const acc = new FindingAccumulator('lost-update', 'major', ctx);
  const vus = new VuTable<VuWrites>();

  function feed(op: VuOp, invoke: VuOp | undefined): void {
    // Only these steps touch session data; skipping the rest early halves the work.
    if (!touchesSessionData(op)) return;
    op = asDataOp(op, ctx.options.loginPath);
    let d = vus.get(op.process);
    if (d && isNewSession(d, op)) {
      vus.delete(op.process);
      d = undefined;
    }
    if (op.step === 'login' || op.step === 'logout') {
      if (endsSessionData(op)) vus.delete(op.process);
      return;
    }
    if (op.step === 'write') {
      if (!d) {
        d = {
          epoch: op.epoch,
          session: op.session,
          pendingId: -1,
          more: undefined,
          group: null,
          judge: null,
        };
        vus.set(op.process, d);
      }
      if (op.type === 'invoke') {
        if (op.value === undefined || op.value === null) return;
        const key = valueKey(op.value);
        if (d.pendingId === -1 && !d.more?.size)
          d.group = { first: key, values: undefined, acked: 0, size: 0, open: 0, endedAt: 0 };
        const g = d.group!;
        if (g.size > 0) (g.values ??= new Set([g.first])).add(key);
        g.size++;
        g.open++;
        if (d.pendingId === -1) d.pendingId = op.id;
        else (d.more ??= new Set()).add(op.id);
        d.judge = null; // a newer write supersedes the group under judgement
        return;
      }
      if (d.pendingId === op.id) d.pendingId = -1;
      else if (!d.more?.delete(op.id)) return;
      if (!d.group) return;
      const g = d.group;
      g.open--;
      if (op.type === 'ok') g.acked++;
      if (g.open === 0) {
        g.endedAt = op.time;
        d.judge = g.size >= 2 && g.acked >= 2 ? g : null;
        d.group = null;
      }
      return;
    }
    if (op.step !== 'read' || !d) return;
    if (op.type === 'invoke') return;
    const g = d.judge;
    const sentAt = invoke?.time ?? op.time;
    if (!g || op.type !== 'ok' || op.value === undefined || sentAt < g.endedAt) return;
    d.judge = null;
    if (op.value === null || !g.values?.has(valueKey(op.value))) acc.add(op.time, op.process);
  }

  return {
    kinds: ['lost-update'],
    feed,
    finish: () =>
      acc.toFindings(
        (g) =>
          `${plural(g.count, 'read')} (${who(g)}) after concurrent acknowledged writes ` +
          `to one session returned none of the written values ${where(g)}: the updates were lost.`,
      ),
  };
}
