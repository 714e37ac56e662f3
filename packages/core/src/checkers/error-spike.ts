import type { VuOp } from '../history/op.ts';
import { FindingAccumulator, plural, where, who } from './accumulator.ts';
import type { FindingGroup } from './accumulator.ts';
import type { CheckContext, IncrementalChecker } from './checker.ts';
import { errorKind, type ErrorKind } from './response.ts';

/** How each error kind reads in a finding. */
const KIND_WORDS: Record<ErrorKind, string> = {
  '5xx': '5xx',
  'no-answer': 'no answer (refused, reset or timed out)',
  'headers-too-large': "headers-too-large (headers over the client's limit)",
  'response-too-large': 'response-too-large (a body over maxBodyBytes)',
};

/** `5xx ×3, no answer (…) ×2`: the kinds counted, commonest first. */
function kindsText(kinds: Map<ErrorKind, number>): string {
  return [...kinds]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${KIND_WORDS[k]} ×${n}`)
    .join(', ');
}

/** Users of a failing window whose first error is kept as an example (the accumulator keeps 3). */
const EXAMPLE_USERS = 3;

function addKinds(into: Map<ErrorKind, number>, from: Map<ErrorKind, number>): void {
  for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
}

/**
 * `store-outage` and `error-spike` (one logic, two kinds): in a `windowMs` window, at least
 * `errorShare` of the active VUs saw an error (5xx, `fail`, `info`). It is a `store-outage`
 * when every node seen in the window answered 5xx (two or more nodes failing together point
 * at what they share: the session store); otherwise an `error-spike`. The detail names the error
 * kinds the history holds (5xx, no answer, headers or body too large), never a guessed one; a step
 * never sent (`notSent`) or cut off by the tool (`aborted`) is no error.
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
  let kinds = new Map<ErrorKind, number>();
  /** The history position of the first error of a few users of the window: the finding's examples. */
  let firstOp = new Map<number, number>();
  const outageKinds = new Map<ErrorKind, number>();
  const spikeKinds = new Map<ErrorKind, number>();
  let firstErrorAt = 0;
  let worst = 0;

  function close(): void {
    if (current < 0 || active.size < o.minWindowVus) return;
    const share = failing.size / active.size;
    if (share < o.errorShare) return;
    worst = Math.max(worst, share);
    const isOutage = failingNodes.size >= 2 && failingNodes.size >= nodes.size;
    const acc = isOutage ? outage : spike;
    addKinds(isOutage ? outageKinds : spikeKinds, kinds);
    const at = firstErrorAt; // not the window's start, which may precede the fault
    for (const [vu, n] of failing) acc.add(at, vu, n, firstOp.get(vu));
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
      kinds = new Map();
      firstOp = new Map();
    }
    active.add(op.process);
    if (op.node !== undefined) nodes.add(op.node);
    const kind = errorKind(op);
    if (kind === undefined) return;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    if (failing.size === 0) firstErrorAt = op.time;
    failing.set(op.process, (failing.get(op.process) ?? 0) + 1);
    const index = ctx.current()?.index;
    if (firstOp.size < EXAMPLE_USERS && index !== undefined && !firstOp.has(op.process))
      firstOp.set(op.process, index);
    if (op.node !== undefined && op.status !== undefined && op.status >= 500) failingNodes.add(op.node);
  }

  const sentence =
    (what: string, seen: Map<ErrorKind, number>) =>
    (g: FindingGroup): string =>
      `${what} ${where(g)}: ${who(g)} saw ` +
      `${plural(g.count, 'error')} (${kindsText(seen)}) in windows where at least ` +
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
          sentence(
            'Every node answered 5xx together, as when their shared session store is down',
            outageKinds,
          ),
        ),
        ...spike.toFindings(sentence('Errors spiked', spikeKinds)),
      ];
    },
  };
}
