import type { VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, where } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';
import { VuTable } from './vu-table.ts';

// Writes remembered per VU: enough to order what a read returns, bounded so memory follows VUs.
const REMEMBERED_WRITES = 32;

interface Written {
  rank: number;
  /** `info` (may land any time later) or `fail`: reads of it are not judged. */
  uncertain: boolean;
}

interface VuData {
  epoch: number;
  session: string | undefined;
  counter: number;
  ranks: Map<string, Written>;
  pending: Map<number, { rank: number; key: string }>;
  /** Rank of the last write acknowledged, and of the freshest value read. */
  ackRank: number;
  readRank: number;
  /** What the VU had already seen when each read was sent. */
  reads: Map<number, { ack: number; read: number }>;
  staleSince: number | null;
}

/** Values as keys: `1` and `"1"` are the same value for a JSON-speaking target. */
function keyOf(value: string | number): string {
  return String(value);
}

/**
 * `stale-read`: a read returns a value older than the VU's last acknowledged write
 * (read-your-writes) or older than one it already read (monotonic reads). Writes that overlap
 * in time share a rank (their order is undefined); values of writes that ended `info` may
 * land at any time, so reads of them are never judged. Reports how long reads took to catch up.
 */
export function staleReadChecker(ctx: CheckContext): IncrementalChecker {
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
      pending: new Map(),
      ackRank: 0,
      readRank: 0,
      reads: new Map(),
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
    const step = op.step;
    // Only these steps touch session data; skipping the rest early halves the work.
    if (step !== 'write' && step !== 'read' && step !== 'login' && step !== 'logout') return;
    let d = vus.get(op.process);
    if (
      d &&
      (d.epoch !== op.epoch ||
        (op.session !== undefined && d.session !== undefined && op.session !== d.session))
    ) {
      reset(op.process); // a new session starts with fresh data
      d = undefined;
    }
    if (op.step === 'login' || op.step === 'logout') {
      if (op.type !== 'invoke') reset(op.process);
      return;
    }
    if (op.step === 'write') {
      d ??= fresh(op);
      d.session ??= op.session;
      if (op.type === 'invoke') {
        if (op.value === undefined || op.value === null) return;
        // Writes in flight together form one group: any of their values may win.
        const rank = d.pending.size > 0 ? d.counter : ++d.counter;
        const key = keyOf(op.value);
        d.pending.set(op.id, { rank, key });
        d.ranks.delete(key);
        d.ranks.set(key, { rank, uncertain: false });
        if (d.ranks.size > REMEMBERED_WRITES) d.ranks.delete(d.ranks.keys().next().value!);
        return;
      }
      const w = d.pending.get(op.id);
      if (!w) return;
      d.pending.delete(op.id);
      if (op.type === 'ok') d.ackRank = Math.max(d.ackRank, w.rank);
      else {
        const entry = d.ranks.get(w.key);
        if (entry) entry.uncertain = true;
      }
      return;
    }
    if (op.step !== 'read' || !d) return;
    if (op.type === 'invoke') {
      d.reads.set(op.id, { ack: d.ackRank, read: d.readRank });
      return;
    }
    const floor = d.reads.get(op.id);
    d.reads.delete(op.id);
    if (!floor || op.type !== 'ok' || op.value === undefined) return;
    const entry = op.value === null ? { rank: 0, uncertain: false } : d.ranks.get(keyOf(op.value));
    if (!entry || entry.uncertain) return; // a value we cannot order, or one that may land late
    if (entry.rank < floor.ack || entry.rank < floor.read) {
      acc.add(op.time, op.process);
      d.staleSince ??= op.time;
    } else if (entry.rank >= floor.ack && d.staleSince !== null) {
      caughtUp++;
      maxCatchUpMs = Math.max(maxCatchUpMs, op.time - d.staleSince);
      d.staleSince = null;
    }
    d.readRank = Math.max(d.readRank, entry.rank);
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
      const never =
        neverCaughtUp > 0 && caughtUp > 0 ? `, ${plural(neverCaughtUp, 'user')} never caught up` : '';
      return acc.toFindings(
        (g) =>
          `${plural(g.count, 'read')} by ${plural(g.users.size, 'user')} returned a value older than ` +
          `their last acknowledged write or an earlier read ${where(g)}; ${catchUp}${never}.`,
      );
    },
  };
}
