import type { VuOp } from '../history/op.ts';
import { isReplayProbe } from '../checkers/response.ts';

/** Counts for one second of the run. */
export interface SecondBucket {
  /** Seconds since the run started. */
  second: number;
  requests: number;
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
  /** No answer: `fail` or `info` without a status. */
  error: number;
  unauthorized: number;
  /** Redirect hops followed. */
  redirects: number;
  /** Completions per serving node. */
  byNode: Record<string, number>;
}

function empty(second: number): SecondBucket {
  return {
    second,
    requests: 0,
    '2xx': 0,
    '3xx': 0,
    '4xx': 0,
    '5xx': 0,
    error: 0,
    unauthorized: 0,
    redirects: 0,
    byNode: {},
  };
}

/** The status class a completion counts under. */
export function statusClass(status: number | undefined): '2xx' | '3xx' | '4xx' | '5xx' | 'error' {
  if (status === undefined || status < 200 || status >= 600) return 'error';
  if (status < 300) return '2xx';
  if (status < 400) return '3xx';
  return status < 500 ? '4xx' : '5xx';
}

/**
 * Per-second series of requests, status classes, 401/403s, redirects and per-node counts.
 * Memory follows the run's duration in seconds, not its op count. Mergeable across shards.
 */
export class SecondSeries {
  readonly #buckets = new Map<number, SecondBucket>();

  /** Counts one VU completion (invokes are ignored). */
  record(op: VuOp): void {
    // A request the tool aborted (the run stopping) is neither an answer nor the target's error.
    // Nor is a step that was never sent.
    if (op.type === 'invoke' || op.aborted === true || op.notSent === true) return;
    const second = Math.floor(op.time / 1000);
    let b = this.#buckets.get(second);
    if (!b) {
      b = empty(second);
      this.#buckets.set(second, b);
    }
    b.requests++;
    b[statusClass(op.status)]++;
    // Refusals of a replayed stale cookie are the logout probe working, not users refused.
    if ((op.status === 401 || op.status === 403) && !isReplayProbe(op)) b.unauthorized++;
    if (op.hops && op.hops.length > 1) b.redirects += op.hops.length - 1;
    if (op.node !== undefined) b.byNode[op.node] = (b.byNode[op.node] ?? 0) + 1;
  }

  /** Adds another shard's counts into this one. */
  merge(other: SecondSeries): this {
    for (const o of other.#buckets.values()) {
      const b = this.#buckets.get(o.second) ?? empty(o.second);
      this.#buckets.set(o.second, b);
      b.requests += o.requests;
      b['2xx'] += o['2xx'];
      b['3xx'] += o['3xx'];
      b['4xx'] += o['4xx'];
      b['5xx'] += o['5xx'];
      b.error += o.error;
      b.unauthorized += o.unauthorized;
      b.redirects += o.redirects;
      for (const [node, n] of Object.entries(o.byNode)) b.byNode[node] = (b.byNode[node] ?? 0) + n;
    }
    return this;
  }

  /** Every second from the first to the last seen, quiet seconds included (as zeros). */
  toArray(): SecondBucket[] {
    if (this.#buckets.size === 0) return [];
    const seconds = [...this.#buckets.keys()];
    const first = Math.min(...seconds);
    const last = Math.max(...seconds);
    const out: SecondBucket[] = [];
    for (let s = first; s <= last; s++) {
      const b = this.#buckets.get(s);
      out.push(b ? { ...b, byNode: { ...b.byNode } } : empty(s));
    }
    return out;
  }
}
