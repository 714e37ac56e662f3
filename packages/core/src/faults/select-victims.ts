import type { VictimSelector } from './fault-spec.ts';

/** A container or node a fault could hit. */
export interface VictimCandidate {
  /** Stable name (`app-2`, `redis-primary`, a container name). */
  name: string;
  /** Live sessions it serves now (from the traffic's records), for `busiest`. */
  liveSessions?: number;
}

/**
 * Picks victims among candidates. `random` is a seeded generator in [0, 1), so the same seed gives the
 * same victims. Candidates are considered in name order so that discovery order does not matter.
 * Returns names; an empty list when nothing matches (the caller records the fault as failed).
 */
export function selectVictims(
  candidates: readonly VictimCandidate[],
  selector: VictimSelector = 'one',
  random: () => number,
): string[] {
  const sorted = [...candidates].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (sorted.length === 0) return [];
  if (selector === 'all') return sorted.map((c) => c.name);
  if (selector === 'one') return [sorted[Math.floor(random() * sorted.length)]!.name];
  if (selector === 'busiest') {
    // Ties go to the first by name: deterministic without drawing from the generator.
    let best = sorted[0]!;
    for (const c of sorted) if ((c.liveSessions ?? 0) > (best.liveSessions ?? 0)) best = c;
    return [best.name];
  }
  if ('name' in selector) return sorted.some((c) => c.name === selector.name) ? [selector.name] : [];
  const count = Math.max(1, Math.round((selector.percent / 100) * sorted.length));
  // Partial Fisher-Yates on a copy: `count` distinct victims.
  const pool = [...sorted];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool
    .slice(0, count)
    .map((c) => c.name)
    .sort();
}
