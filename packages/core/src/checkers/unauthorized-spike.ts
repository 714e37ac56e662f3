import type { VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, where } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';
import { isReplayProbe, isUnauthorized } from './response.ts';

/** Users of a spiking window whose first refusal is kept as an example (the accumulator keeps 3). */
const EXAMPLE_USERS = 3;

/**
 * `unauthorized-spike`: in a time window, the share of completions refused with 401/403 rises
 * above `unauthorizedRate` and above `unauthorizedFactor` × the baseline (the mean share of
 * the `baselineWindows` judged windows before it; the first judged window only sets it).
 * Counts the refusals in spiking windows.
 */
export function unauthorizedSpikeChecker(ctx: CheckContext): IncrementalChecker {
  const o = ctx.options;
  const acc = new FindingAccumulator('unauthorized-spike', 'major', ctx);
  const baseline: number[] = [];
  let current = -1;
  let total = 0;
  let refused = 0;
  let users = new Set<number>();
  /** The history position of the first refusal of a few users of the window: the finding's examples. */
  let firstOp = new Map<number, number>();
  let firstRefusalAt = 0;
  let spikes = 0;
  let peak = 0;

  function close(): void {
    if (current < 0 || total < o.minWindowRequests) return;
    const rate = refused / total;
    // The first judged window only sets the baseline: a rate can only rise above what came before.
    const base = baseline.length === 0 ? Infinity : baseline.reduce((a, b) => a + b, 0) / baseline.length;
    if (rate > o.unauthorizedRate && rate > base * o.unauthorizedFactor) {
      spikes++;
      peak = Math.max(peak, rate);
      const at = firstRefusalAt; // not the window's start, which may precede the fault
      let first = true;
      // One occurrence per refusal; users sampled from the window.
      for (const vu of users) {
        acc.add(at, vu, first ? refused - users.size + 1 : 1, firstOp.get(vu));
        first = false;
      }
      return; // a spike does not raise the baseline it is judged against
    }
    baseline.push(rate);
    if (baseline.length > o.baselineWindows) baseline.shift();
  }

  function feed(op: VuOp): void {
    // A replayed stale cookie is refused on purpose: that refusal is the probe's good outcome.
    if (op.type === 'invoke' || isReplayProbe(op)) return;
    const w = Math.floor(op.time / o.windowMs);
    if (w !== current) {
      close();
      current = w;
      total = 0;
      refused = 0;
      users = new Set();
      firstOp = new Map();
    }
    total++;
    if (isUnauthorized(op)) {
      if (refused === 0) firstRefusalAt = op.time;
      refused++;
      users.add(op.process);
      const index = ctx.current()?.index;
      if (firstOp.size < EXAMPLE_USERS && index !== undefined && !firstOp.has(op.process))
        firstOp.set(op.process, index);
    }
  }

  return {
    kinds: ['unauthorized-spike'],
    invokes: false,
    feed,
    finish() {
      close();
      current = -1;
      return acc.toFindings(
        (g) =>
          `401/403 responses spiked ${where(g)}: ${plural(g.count, 'refusal')} in ${plural(spikes, 'window')} ` +
          `of ${o.windowMs} ms (peak ${(peak * 100).toFixed(1)}% of responses, over ${o.unauthorizedRate * 100}% ` +
          `and ${o.unauthorizedFactor}× the baseline).`,
      );
    },
  };
}
