import { faultActionDef } from '@sessionchaos/core';
import type { RedisView } from './snapshot.ts';

// `redis-primary down (kill); redis-replica-1 elected primary after 2336 ms` (the redis driver's detail).
const ELECTED = /(\S+) elected primary after (\d+(?:\.\d+)?) ms/;

/**
 * The Redis topology as fault ops change it: a `failover` completion that names an elected server
 * makes it the primary (the old one becomes a replica once healed); servers a fault holds are down.
 */
export class RedisTracker {
  #primary: string;
  #replicas: string[];
  readonly #sentinels: number;
  readonly #heldBy = new Map<string, string[]>();
  #failovers = 0;
  #last: RedisView['lastFailover'] = null;

  constructor(redis: { primary: string; replicas: string[]; sentinels: number }) {
    this.#primary = redis.primary;
    this.#replicas = [...redis.replicas];
    this.#sentinels = redis.sentinels;
  }

  #isServer(name: string): boolean {
    return name === this.#primary || this.#replicas.includes(name);
  }

  /** A fault action completed. */
  applied(
    fault: string,
    action: string,
    victims: readonly string[],
    detail: string | null,
    atMs: number,
  ): void {
    if (faultActionDef(action)?.takesStoreDown !== true) return;
    const held = victims.filter((v) => this.#isServer(v));
    if (held.length > 0) this.#heldBy.set(fault, held);
    const elected = action === 'failover' && detail ? ELECTED.exec(detail) : null;
    if (!elected) return;
    const to = elected[1] ?? '';
    const from = this.#primary;
    this.#failovers++;
    this.#last = { atMs, from, to, electionMs: Number(elected[2]) };
    this.#replicas = [...this.#replicas.filter((r) => r !== to), from];
    this.#primary = to;
  }

  /** A fault healed: its servers are back. */
  healed(fault: string): void {
    this.#heldBy.delete(fault);
  }

  /** The topology now. */
  view(): RedisView {
    const down = new Set<string>();
    for (const names of this.#heldBy.values()) for (const n of names) down.add(n);
    return {
      primary: this.#primary,
      replicas: [...this.#replicas],
      sentinels: this.#sentinels,
      down: [...down],
      failovers: this.#failovers,
      lastFailover: this.#last ? { ...this.#last } : null,
    };
  }
}
