import { isReplayProbe, statusClass, type VuOp } from '@sessionchaos/core';
import { LatencyBuckets } from './latency-buckets.ts';
import type { AuthSpike, SecondView, StatusMix } from './snapshot.ts';

/** Seconds kept for the sparklines. */
export const RING_SECONDS = 60;
/** Seconds a "recent" figure (status mix, node share, 401/403 baseline) covers. */
export const RECENT_SECONDS = 10;
const SPIKES_KEPT = 20;

/** A closed second with its per-node counts (kept for the node shares, not shown as such). */
interface Closed extends SecondView {
  byNode: Map<string, number>;
}

/** An empty status mix. */
export function emptyMix(): StatusMix {
  return { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, error: 0 };
}

function open(second: number): Closed {
  return {
    second,
    requests: 0,
    mix: emptyMix(),
    unauthorized: 0,
    redirectLoops: 0,
    p50: 0,
    p99: 0,
    authSpike: false,
    byNode: new Map(),
  };
}

/**
 * Per-second counters of VU completions over the last {@link RING_SECONDS}: O(1) per op, one
 * latency histogram, reused, for the open second only (its p50/p99 are kept as numbers when it closes).
 * A second closes when a later op arrives or the clock passes it; 401/403 spikes are judged then.
 */
export class SecondRing {
  readonly #closed: Closed[] = [];
  #open: Closed = open(0);
  readonly #latency = new LatencyBuckets();
  readonly totalMix: StatusMix = emptyMix();
  totalRequests = 0;
  totalUnauthorized = 0;
  redirectLoops = 0;
  /** Spike episodes (consecutive spike seconds count once) and spike seconds. */
  spikes = 0;
  spikeSeconds = 0;
  readonly recentSpikes: AuthSpike[] = [];

  /** Counts one VU completion. */
  record(op: VuOp): void {
    const second = Math.max(0, Math.floor(op.time / 1000));
    this.advance(second);
    // A completion a little out of order counts in its own second if that is still kept.
    const slot: Closed | undefined =
      second === this.#open.second ? this.#open : this.#closed.findLast((c) => c.second === second);
    const cls = statusClass(op.status);
    // A replayed stale cookie refused is the logout probe working, not a user refused.
    const unauthorized = (op.status === 401 || op.status === 403) && !isReplayProbe(op);
    this.totalRequests++;
    this.totalMix[cls]++;
    if (unauthorized) this.totalUnauthorized++;
    if (op.redirectLoop !== undefined) this.redirectLoops++;
    if (!slot) return;
    slot.requests++;
    slot.mix[cls]++;
    if (unauthorized) slot.unauthorized++;
    if (op.redirectLoop !== undefined) slot.redirectLoops++;
    if (op.node !== undefined) slot.byNode.set(op.node, (slot.byNode.get(op.node) ?? 0) + 1);
    if (slot === this.#open && op.latency !== undefined) this.#latency.record(op.latency);
  }

  /** Closes every second before `second` (quiet ones as zeros). */
  advance(second: number): void {
    if (second <= this.#open.second) return;
    this.#open.p50 = this.#latency.percentile(50);
    this.#open.p99 = this.#latency.percentile(99);
    this.#latency.reset();
    this.#close(this.#open);
    // After a long silence only the last RING_SECONDS matter.
    for (let s = Math.max(this.#open.second + 1, second - RING_SECONDS); s < second; s++)
      this.#close(open(s));
    this.#open = open(second);
  }

  #close(closed: Closed): void {
    const base = this.#recent(RECENT_SECONDS);
    let req = 0;
    let unauth = 0;
    for (const c of base) {
      req += c.requests;
      unauth += c.unauthorized;
    }
    const baseline = req === 0 ? 0 : unauth / req;
    const share = closed.requests === 0 ? 0 : closed.unauthorized / closed.requests;
    if (isAuthSpike(closed.unauthorized, share, baseline)) {
      closed.authSpike = true;
      if (!this.#closed.at(-1)?.authSpike) this.spikes++;
      this.spikeSeconds++;
      this.recentSpikes.push({ second: closed.second, share, baseline, unauthorized: closed.unauthorized });
      if (this.recentSpikes.length > SPIKES_KEPT) this.recentSpikes.shift();
    }
    this.#closed.push(closed);
    if (this.#closed.length > RING_SECONDS) this.#closed.shift();
  }

  #recent(n: number): Closed[] {
    return this.#closed.slice(Math.max(0, this.#closed.length - n));
  }

  /** The closed seconds kept, oldest first (copies, without the per-node maps). */
  seconds(): SecondView[] {
    return this.#closed.map(({ byNode: _byNode, ...s }) => ({ ...s, mix: { ...s.mix } }));
  }

  /** The last closed second, if any. */
  last(): SecondView | undefined {
    return this.#closed.at(-1);
  }

  /** 401/403 share of the ~10 s before the last closed second (0–1). */
  baseline(): number {
    const before = this.#closed.slice(Math.max(0, this.#closed.length - 1 - RECENT_SECONDS), -1);
    let req = 0;
    let unauth = 0;
    for (const c of before) {
      req += c.requests;
      unauth += c.unauthorized;
    }
    return req === 0 ? 0 : unauth / req;
  }

  /** Status mix and per-node completions over the last ~10 s, the open second included. */
  recent(): { mix: StatusMix; byNode: Map<string, number> } {
    const mix = emptyMix();
    const byNode = new Map<string, number>();
    for (const c of [...this.#recent(RECENT_SECONDS - 1), this.#open]) {
      for (const k of Object.keys(mix) as (keyof StatusMix)[]) mix[k] += c.mix[k];
      for (const [node, n] of c.byNode) byNode.set(node, (byNode.get(node) ?? 0) + n);
    }
    return { mix, byNode };
  }
}

/**
 * A second's 401/403 share is a spike when it is well above its baseline: at least 3 refusals,
 * at least 5% of the second, and more than three times the baseline share plus two points.
 */
export function isAuthSpike(unauthorized: number, share: number, baseline: number): boolean {
  return unauthorized >= 3 && share >= 0.05 && share > baseline * 3 + 0.02;
}
