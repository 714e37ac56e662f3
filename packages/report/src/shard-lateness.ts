import type { RunMeta } from './run-meta.ts';

/** How far a shard's start may be from the agreed instant by default (`merge --start-tolerance`). */
export const DEFAULT_START_TOLERANCE_MS = 1_000;

const words = (ms: number): string =>
  Math.abs(ms) < 60_000
    ? `${(Math.abs(ms) / 1000).toFixed(1)} s`
    : `${(Math.abs(ms) / 60_000).toFixed(1)} min`;

/**
 * The shards whose run clock started further than `toleranceMs` from the instant they agreed on
 * (`--start-at`), in words (`shard 2/3 started 3.0 min late (tolerance 1.0 s)`). Their users met a
 * different moment of the run than the others (a fault, a ramp): merged, the run would claim a
 * load that never ran at once. Shards without an agreed instant are not judged here.
 */
export function lateShards(metas: readonly RunMeta[], toleranceMs: number): string[] {
  const late: string[] = [];
  for (const m of metas) {
    const s = m.shard;
    if (s?.agreedStartEpochMs === undefined) continue;
    const by = s.startEpochMs - s.agreedStartEpochMs;
    if (Math.abs(by) <= toleranceMs) continue;
    late.push(
      `shard ${s.index}/${s.count} started ${words(by)} ${by > 0 ? 'late' : 'early'} ` +
        `(agreed ${new Date(s.agreedStartEpochMs).toISOString()}, tolerance ${words(toleranceMs)})`,
    );
  }
  return late;
}
