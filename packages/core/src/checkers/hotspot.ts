import type { VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, where } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';
import { VuTable } from './vu-table.ts';
import { endsSession, isNotAuthenticated } from './response.ts';

interface Worst {
  node: string;
  share: number;
  what: 'live sessions' | 'requests';
}

/**
 * `hotspot`: in a `hotspotWindowMs` window, one node serves a share of live sessions (sampled
 * at the window's end) or of requests above (1/N)(1+ε), N being `nodes` or the nodes seen.
 * Shares are judged only over `hotspotMinSamples` or more. Counts the windows. A node that
 * answered, whatever the status (a 404, a 500), served the request: the balancer sent it there,
 * and counting only `ok` answers would turn an uneven share of errors into an uneven balance.
 */
export function hotspotChecker(ctx: CheckContext): IncrementalChecker {
  const o = ctx.options;
  // An unbalanced window is no bad op: the users were served (a fault's recovery ignores it).
  const acc = new FindingAccumulator('hotspot', 'minor', ctx, { badOps: false });
  const sessionNode = new VuTable<string>();
  const liveByNode = new Map<string, number>();
  const seen = new Set<string>();
  let requests = new Map<string, number>();
  let current = -1;
  let worst: Worst | null = null;
  let lastAt = 0;

  function bump(map: Map<string, number>, node: string, by: number): void {
    map.set(node, (map.get(node) ?? 0) + by);
  }

  function judge(counts: Map<string, number>, what: Worst['what'], at: number): boolean {
    let total = 0;
    for (const n of counts.values()) total += n;
    const nodes = o.nodes ?? seen.size;
    if (total < o.hotspotMinSamples || nodes < 2) return false;
    const limit = (1 / nodes) * (1 + o.hotspotEpsilon);
    for (const [node, n] of counts) {
      const share = n / total;
      if (share > limit) {
        if (!worst || share > worst.share) worst = { node, share, what };
        acc.add(at, null);
        return true;
      }
    }
    return false;
  }

  function close(): void {
    if (current < 0) return;
    const at = lastAt; // the moment the shares were sampled
    if (!judge(liveByNode, 'live sessions', at)) judge(requests, 'requests', at);
    requests = new Map();
  }

  function unstick(vu: number): void {
    const node = sessionNode.get(vu);
    if (node === undefined) return;
    sessionNode.delete(vu);
    bump(liveByNode, node, -1);
  }

  function feed(op: VuOp): void {
    if (op.type === 'invoke') return;
    const w = Math.floor(op.time / o.hotspotWindowMs);
    if (w !== current) {
      close();
      current = w;
    }
    lastAt = op.time;
    if (op.node === undefined) return;
    seen.add(op.node);
    bump(requests, op.node, 1);
    // No session left: a logout that succeeded, a refusal, a login that did not log in.
    if (endsSession(op) || isNotAuthenticated(op, o.loginPath) || (op.step === 'login' && op.type !== 'ok')) {
      unstick(op.process);
    } else if (op.step !== 'visit' && sessionNode.get(op.process) !== op.node) {
      unstick(op.process);
      sessionNode.set(op.process, op.node);
      bump(liveByNode, op.node, 1);
    }
  }

  return {
    kinds: ['hotspot'],
    invokes: false,
    feed,
    finish() {
      close();
      current = -1;
      const w = worst as Worst | null;
      return acc.toFindings(
        (g) =>
          `${plural(g.count, 'window')} of ${o.hotspotWindowMs} ms ${g.count === 1 ? 'was' : 'were'} unbalanced ${where(g)}` +
          (w ? `: ${w.node} served ${(w.share * 100).toFixed(1)}% of ${w.what} at worst` : '') +
          ` (limit ${((100 / (o.nodes ?? seen.size)) * (1 + o.hotspotEpsilon)).toFixed(1)}%).`,
      );
    },
  };
}
