import { FindingAccumulator, plural, where, who } from './accumulator.ts';
import type { CheckContext } from './checker.ts';
import type { Finding } from './finding.ts';

/** Recorded as `VuOp.probe` on a VU's own replay of a refused session (before it logs in again). */
export const CONFIRM_REFUSAL_PROBE = 'confirm-refusal';

/**
 * A refusal of a session seen alive, waiting to be tried again on the node that refused it:
 * refused there again, it is a lost session; accepted there, a transient refusal.
 */
export interface PendingRefusal {
  /** The session refused (its hash as sent). */
  session: string | undefined;
  /** When it was first refused (its answer), and when that request was sent. */
  at: number;
  sentAt: number;
  /** The node that refused it ('' when the answer named no node). Other nodes' answers are no verdict on it. */
  node: string;
  /** History position of the first refusal (the finding's example), when known. */
  op?: number | undefined;
  /** That node refused it again and has not accepted it since: a loss when the user leaves the session. */
  confirmed: boolean;
}

/** Whether two answers came from the same node ('' = unnamed, which matches any: all we know is the balancer). */
export function sameNode(a: string, b: string): boolean {
  return a === b || a === '' || b === '';
}

/** Median of a non-empty list (sorted in place). */
function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/**
 * `transient-refusal`: a session seen alive was refused, then accepted again (an answer naming
 * the user) by the node that refused it. Replication arriving late, a flapping store or a burst
 * of 401s: users were refused, no session was lost. Keeps the lags per fault window for the detail.
 */
export class TransientRefusals {
  readonly #acc: FindingAccumulator;
  readonly #ctx: CheckContext;
  readonly #lags = new Map<string | null, number[]>();

  constructor(ctx: CheckContext) {
    this.#ctx = ctx;
    this.#acc = new FindingAccumulator('transient-refusal', 'minor', ctx);
  }

  /** The refusal `p` of VU `vu` was accepted again at `time`. */
  add(p: PendingRefusal, time: number, vu: number): void {
    this.#acc.add(p.at, vu, 1, p.op, p.sentAt);
    const key = this.#ctx.faults.at(p.at).fault;
    const lags = this.#lags.get(key);
    if (lags) lags.push(time - p.at);
    else this.#lags.set(key, [time - p.at]);
  }

  /** The findings; `unconfirmed` is appended to each detail when given. */
  toFindings(unconfirmed: string): Finding[] {
    return this.#acc.toFindings((g) => {
      const lags = this.#lags.get(g.fault) ?? [0];
      const max = Math.max(...lags);
      return (
        `${who(g)} had a live session refused ${where(g)}, then accepted again by the node that refused it ` +
        `(${plural(g.count, 'refusal')}; accepted again after a median ${Math.round(median(lags))} ms, ` +
        `max ${Math.round(max)} ms): not lost.${unconfirmed}`
      );
    });
  }
}

/** Refusals of live sessions that could not be tried again (the user logged in again, the run ended). */
export class UnconfirmedRefusals {
  count = 0;
  readonly #vus = new Set<number>();

  /** One refusal of VU `vu` that was never re-checked. */
  add(vu: number): void {
    this.count++;
    this.#vus.add(vu);
  }

  /** ` N more refusals (of M users) could not be re-checked...`, or '' when none. */
  sentence(): string {
    if (this.count === 0) return '';
    return (
      ` ${plural(this.count, 'more refusal')} (${plural(this.#vus.size, 'user')}) could not be tried again ` +
      `(the user logged in again or the run ended): unconfirmed, not counted as losses.`
    );
  }
}
