import type { VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, where, who } from './accumulator.ts';
import type { FindingGroup } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';
import { isError } from './response.ts';

/**
 * `store-outage` and `error-spike` (one logic, two kinds): in a `windowMs` window, at least
 * `errorShare` of the active VUs saw an error (5xx, `fail`, `info`). It is a `store-outage`
 * when every node seen in the window answered 5xx (two or more nodes failing together point
 * at what they share: the session store); otherwise an `error-spike`.
 */
export function errorSpikeChecker(ctx: CheckContext): IncrementalChecker {
  const o = ctx.options;
  const outage = new FindingAccumulator('store-outage', 'major', ctx);
  const spike = new FindingAccumulator('error-spike', 'major', ctx);
  let current = -1;
  let active = new Set<number>();
  let failing = new Map<number, number>();
  let nodes = new Set<string>();
  let failingNodes = new Set<string>();
  let firstErrorAt = 0;
  let worst = 0;

  function close(): void {
    if (current < 0 || active.size < o.minWindowVus) return;
    const share = failing.size / active.size;
    if (share < o.errorShare) return;
    worst = Math.max(worst, share);
    const acc = failingNodes.size >= 2 && failingNodes.size >= nodes.size ? outage : spike;
    const at = firstErrorAt; // not the window's start, which may precede the fault
    for (const [vu, n] of failing) acc.add(at, vu, n);
  }

  function feed(op: VuOp): void {
    if (op.type === 'invoke') return;
    const w = Math.floor(op.time / o.windowMs);
    if (w !== current) {
      close();
      current = w;
      active = new Set();
      failing = new Map();
      nodes = new Set();
      failingNodes = new Set();
    }
    active.add(op.process);
    if (op.node !== undefined) nodes.add(op.node);
    if (!isError(op)) return;
    if (failing.size === 0) firstErrorAt = op.time;
    failing.set(op.process, (failing.get(op.process) ?? 0) + 1);
    if (op.node !== undefined && op.status !== undefined && op.status >= 500) failingNodes.add(op.node);
  }

  const sentence =
    (what: string) =>
    (g: FindingGroup): string =>
      `${what} ${where(g)}: ${who(g)} saw ` +
      `${plural(g.count, 'error')} (5xx, or no answer: refused, reset or timed out) in windows where at least ` +
      `${Math.round(o.errorShare * 100)}% of active users failed (worst ${Math.round(worst * 100)}%).`;

  return {
    kinds: ['store-outage', 'error-spike'],
    invokes: false,
    feed,
    finish() {
      close();
      current = -1;
      return [
        ...outage.toFindings(
          sentence('Every node answered 5xx together, as when their shared session store is down'),
        ),
        ...spike.toFindings(sentence('Errors spiked')),
      ];
    },
  };
}
