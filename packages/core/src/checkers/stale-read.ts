import type { VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, where, who } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';
import { VuTable } from './vu-table.ts';
import { asDataOp, endsSessionData, isNewSession, touchesSessionData, valueKey } from './session-data.ts';
import { sessionDataJudge } from './session-data-judge.ts';

// Writes remembered per VU: enough to order what a read returns, bounded so memory follows VUs.
const REMEMBERED_WRITES = 32;

interface VuData {
  epoch: number;
  session: string | undefined;
  counter: number;
  /** Rank of each remembered value; values of `info`/`fail` writes (may land any time) are also in `uncertain`. */
  ranks: Map<string, number>;
  uncertain: Set<string>;
  /**
   * Writes in flight: the usual single one in the three fields below (no Map entry nor object
   * per write), further concurrent ones in `pending`. `pendingId` is -1 when the slot is free.
   */
  pendingId: number;
  pendingRank: number;
  pendingKey: string;
  pending: Map<number, { rank: number; key: string }> | undefined;
  /** Rank of the last write acknowledged, and of the freshest value read. */
  ackRank: number;
  readRank: number;
  /** What the VU had already seen when its read in flight was sent (the usual single read)... */
  readId: number;
  readAck: number;
  readSeen: number;
  /** ...and when further concurrent reads were sent. */
  reads: Map<number, { ack: number; read: number }> | undefined;
  staleSince: number | null;
}

/**
 * `stale-read`: a read returns a value older than the VU's last acknowledged write
 * (read-your-writes) or older than one it already read (monotonic reads). Writes that overlap
 * in time share a rank (their order is undefined); values of writes that ended `info` may
 * land at any time, so reads of them are never judged. Reports how long reads took to catch up.
 * Under `increment` or `append` data semantics, see {@link sessionDataJudge}.
 */
export function staleReadChecker(ctx: CheckContext): IncrementalChecker {
  if (ctx.options.dataSemantics !== 'set') return sessionDataJudge(ctx, 'stale-read');
  const acc = new FindingAccumulator('stale-read', 'major', ctx);
  const vus = new VuTable<VuData>();
  let caughtUp = 0;
  let maxCatchUpMs = 0;
  let neverCaughtUp = 0;

  function fresh(op: VuOp): VuData {
    const d: VuData = {
      epoch: op.epoch,
      session: op.session,
      counter: 0,
      ranks: new Map(),
      uncertain: new Set(),
      pendingId: -1,
      pendingRank: 0,
      pendingKey: '',
      pending: undefined,
      ackRank: 0,
      readRank: 0,
      readId: -1,
      readAck: 0,
      readSeen: 0,
      reads: undefined,
      staleSince: null,
    };
    vus.set(op.process, d);
    return d;
  }

  function reset(vu: number): void {
    const d = vus.get(vu);
    if (d && d.staleSince !== null) neverCaughtUp++;
    vus.delete(vu);
  }

  function feed(op: VuOp): void {
    // Only these steps touch session data; skipping the rest early halves the work.
    if (!touchesSessionData(op)) return;
    op = asDataOp(op, ctx.options.loginPath);
    let d = vus.get(op.process);
    if (d && isNewSession(d, op)) {
      reset(op.process); // a new session starts with fresh data
      d = undefined;
    }
    if (op.step === 'login' || op.step === 'logout') {
      if (endsSessionData(op)) reset(op.process);
      return;
    }
    if (op.step === 'write') {
      d ??= fresh(op);
      d.session ??= op.session;
      if (op.type === 'invoke') {
        if (op.value === undefined || op.value === null) return;
        // Writes in flight together form one group: any of their values may win.
        const rank = d.pendingId !== -1 || (d.pending?.size ?? 0) > 0 ? d.counter : ++d.counter;
        const key = valueKey(op.value);
        if (d.pendingId === -1) {
          d.pendingId = op.id;
          d.pendingRank = rank;
          d.pendingKey = key;
        } else {
          (d.pending ??= new Map()).set(op.id, { rank, key });
        }
        d.ranks.delete(key);
        d.ranks.set(key, rank);
        if (d.uncertain.size > 0) d.uncertain.delete(key);
        if (d.ranks.size > REMEMBERED_WRITES) {
          const oldest = d.ranks.keys().next().value!;
          d.ranks.delete(oldest);
          d.uncertain.delete(oldest);
        }
        return;
      }
      let rank: number;
      let key: string;
      if (d.pendingId === op.id) {
        d.pendingId = -1;
        rank = d.pendingRank;
        key = d.pendingKey;
      } else {
        const w = d.pending?.get(op.id);
        if (!w) return;
        d.pending!.delete(op.id);
        rank = w.rank;
        key = w.key;
      }
      if (op.type === 'ok') d.ackRank = Math.max(d.ackRank, rank);
      else d.uncertain.add(key);
      return;
    }
    if (op.step !== 'read' || !d) return;
    if (op.type === 'invoke') {
      if (d.readId === -1) {
        d.readId = op.id;
        d.readAck = d.ackRank;
        d.readSeen = d.readRank;
      } else {
        (d.reads ??= new Map()).set(op.id, { ack: d.ackRank, read: d.readRank });
      }
      return;
    }
    let floorAck: number;
    let floorRead: number;
    if (d.readId === op.id) {
      d.readId = -1;
      floorAck = d.readAck;
      floorRead = d.readSeen;
    } else {
      const floor = d.reads?.get(op.id);
      if (!floor) return;
      d.reads!.delete(op.id);
      floorAck = floor.ack;
      floorRead = floor.read;
    }
    if (op.type !== 'ok' || op.value === undefined) return;
    let rank = 0;
    if (op.value !== null) {
      const key = valueKey(op.value);
      const known = d.ranks.get(key);
      // A value we cannot order, or one whose write may land late: not judged.
      if (known === undefined || d.uncertain.has(key)) return;
      rank = known;
    }
    if (rank < floorAck || rank < floorRead) {
      acc.add(op.time, op.process);
      d.staleSince ??= op.time;
    } else if (d.staleSince !== null) {
      caughtUp++;
      maxCatchUpMs = Math.max(maxCatchUpMs, op.time - d.staleSince);
      d.staleSince = null;
    }
    d.readRank = Math.max(d.readRank, rank);
  }

  return {
    kinds: ['stale-read'],
    feed,
    finish() {
      for (const d of vus.values()) if (d.staleSince !== null) neverCaughtUp++;
      vus.clear();
      const catchUp =
        caughtUp > 0
          ? `reads caught up within ${Math.round(maxCatchUpMs)} ms at worst`
          : 'reads never caught up';
      // Counted per session: a user logged out (or logging in again) while behind ends one.
      const never =
        neverCaughtUp > 0 && caughtUp > 0
          ? `; ${plural(neverCaughtUp, 'session')} ended before ${neverCaughtUp === 1 ? 'its' : 'their'} reads caught up`
          : '';
      return acc.toFindings(
        (g) =>
          `${plural(g.count, 'read')} by ${who(g)} returned a value older than ` +
          `their last acknowledged write or an earlier read ${where(g)}; ${catchUp}${never}.`,
      );
    },
  };
}
