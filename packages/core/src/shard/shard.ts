/** One shard of a run split N ways: `index` from 1 to `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** The most shards a run may be split into. */
export const MAX_SHARDS = 1000;

/** Parses `K/N` (`--shard 2/3`), or says what is wrong. */
export function parseShard(text: string): Shard | { error: string } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > MAX_SHARDS || index < 1 || index > count)
    return { error: `--shard "${text}" must be K/N with 1 <= K <= N <= ${MAX_SHARDS} (e.g. --shard 2/3)` };
  return { index, count };
}

/**
 * Whether the shard owns the zero-based global position `i` (a closed-model VU slot, an open-model
 * arrival). Positions are dealt round robin, so every shard's users ramp up across the whole run
 * as in one process, and the shards' VU ids never overlap.
 */
export function ownsPosition(shard: Shard | undefined, i: number): boolean {
  return shard === undefined || i % shard.count === shard.index - 1;
}

/** How many of `total` positions the shard owns. */
export function shardShare(total: number, shard: Shard | undefined): number {
  if (shard === undefined) return total;
  return Math.floor(total / shard.count) + (shard.index - 1 < total % shard.count ? 1 : 0);
}

/** The global VU id of a shard's `local`-th VU (from 1): ids never collide across shards. */
export function globalVuId(shard: Shard | undefined, local: number): number {
  return shard === undefined ? local : (local - 1) * shard.count + shard.index;
}

/** Whether this shard runs the fault schedule and the probes (the first, so there is one of each). */
export function runsFaults(shard: Shard | undefined): boolean {
  return shard === undefined || shard.index === 1;
}
