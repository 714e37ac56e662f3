import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  BinaryHistoryError,
  interruptAnalysis,
  mergeHistories,
  RunAnalyzer,
  type Interruption,
  type Op,
} from '@sessionchaos/core';
import { StoryCollector } from './finding-stories.ts';
import { recoverHistory } from './ndjson-from-binary.ts';
import { chooseHistory, fallBackToNdjson, historyBatches, type HistoryChoice } from './history-reader.ts';
import type { ReportInput, RunMeta } from './run-meta.ts';
import { readRunMeta } from './run-meta.ts';
import { DEFAULT_START_TOLERANCE_MS, lateShards } from './shard-lateness.ts';

/** A shard directory that could not take part in the merge, and why. */
export interface ShardProblem {
  dir: string;
  problem: string;
}

/** What merging shard directories gives: the whole run's report input, and what was missing. */
export interface MergedRun {
  input: ReportInput;
  /** Shards missing or unreadable; any makes the verdict `unknown`. */
  missing: string[];
  /** Each shard's clock offset (ms) from the earliest, by shard number. */
  offsets: Record<number, number>;
  /** Shards that started further from the agreed instant than the tolerance; any makes it `unknown`. */
  late: string[];
}

/** How a merge judges the shards' starts. */
export interface MergeOptions {
  /** How far (ms) a shard's start may be from the agreed `--start-at` (default 1 s). */
  startToleranceMs?: number;
}

/**
 * One shard's history in batches: its binary history when whole (see {@link chooseHistory}), else
 * its NDJSON. A shard killed mid-write leaves a partial last NDJSON line: the rest still counts.
 */
async function* readOps(choice: HistoryChoice, failed: { error?: BinaryHistoryError }): AsyncGenerator<Op[]> {
  try {
    yield* historyBatches(choice, []);
  } catch (error) {
    if (!(error instanceof BinaryHistoryError) || choice.source !== 'binary') throw error;
    // The merge so far has used part of a history that cannot be trusted: it starts over.
    failed.error = error;
  }
}

/**
 * Merges the `--out` directories of a run's shards (`--shard K/N`) into one run: reads each run.json,
 * checks they are shards of one run (same scenario and seed), aligns their clocks by the instants
 * they started, interleaves their histories (streaming), and checks and gates the whole as one run
 * would. A missing or unreadable shard, or one that started further from the agreed instant than
 * `startToleranceMs`, is named and makes the verdict `unknown`.
 */
export async function mergeShards(
  dirs: readonly string[],
  options: MergeOptions = {},
): Promise<MergedRun | { error: string }> {
  const metas: { dir: string; meta: RunMeta }[] = [];
  const problems: ShardProblem[] = [];
  for (const dir of dirs) {
    try {
      const meta = await readRunMeta(dir);
      if (!meta.shard) problems.push({ dir, problem: 'its run.json names no shard (run with --shard K/N)' });
      // run.json is written as a run starts, summary.json only when it ends: without it, the shard never finished.
      else if (!existsSync(join(dir, 'summary.json')))
        problems.push({
          dir,
          problem: `shard ${meta.shard.index}/${meta.shard.count} did not finish (killed, or still running)`,
        });
      else metas.push({ dir, meta });
    } catch (error) {
      problems.push({ dir, problem: (error as Error).message });
    }
  }
  if (metas.length === 0)
    return { error: `no shard to merge: ${problems.map((p) => `${p.dir}: ${p.problem}`).join('; ')}` };
  const first = metas[0]!.meta;
  const count = first.shard!.count;
  for (const { dir, meta } of metas) {
    if (meta.scenario.name !== first.scenario.name || meta.seed !== first.seed || meta.shard!.count !== count)
      return {
        error: `${dir} is not a shard of the same run (scenario ${meta.scenario.name}, seed ${meta.seed}, ${meta.shard!.count} shards; the first is ${first.scenario.name}, seed ${first.seed}, ${count} shards)`,
      };
  }
  const byIndex = new Map<number, { dir: string; meta: RunMeta }>();
  for (const m of metas) {
    if (byIndex.has(m.meta.shard!.index))
      return {
        error: `shard ${m.meta.shard!.index}/${count} is given twice (${byIndex.get(m.meta.shard!.index)!.dir} and ${m.dir})`,
      };
    byIndex.set(m.meta.shard!.index, m);
  }
  const missing: string[] = [];
  for (let k = 1; k <= count; k++)
    if (!byIndex.has(k))
      missing.push(`shard ${k}/${count}${problems.length > 0 ? '' : ' (no directory given)'}`);
  for (const p of problems) missing.push(`${p.dir}: ${p.problem}`);
  const t0 = Math.min(...metas.map((m) => m.meta.shard!.startEpochMs));
  const offsets: Record<number, number> = {};
  for (const m of metas) offsets[m.meta.shard!.index] = m.meta.shard!.startEpochMs - t0;
  // A shard killed before it could end its history: its NDJSON made from what it flushed.
  const recovered = await Promise.all(metas.map((m) => recoverHistory(m.dir)));
  const choices = await Promise.all(metas.map((m) => chooseHistory(m.dir)));
  // One merged pass over every shard's history into `onOp`; a bad binary history is read again
  // from its NDJSON, the whole merge starting over (it used part of a history that cannot be trusted).
  const eachMergedOp = async (start: () => (op: Op) => void): Promise<void> => {
    for (;;) {
      const onOp = start();
      const failed = choices.map(() => ({}) as { error?: BinaryHistoryError });
      const merged = mergeHistories(
        metas.map((m, i) => ({
          shard: m.meta.shard!.index,
          batches: readOps(choices[i]!, failed[i]!),
          offsetMs: offsets[m.meta.shard!.index]!,
        })),
      );
      for await (const batch of merged) for (const op of batch) onOp(op);
      if (failed.every((f) => f.error === undefined)) return;
      failed.forEach((f, i) => {
        if (f.error !== undefined) choices[i] = fallBackToNdjson(choices[i]!, f.error);
      });
    }
  };
  let analyzer = new RunAnalyzer(first.checkOptions);
  await eachMergedOp(() => {
    analyzer = new RunAnalyzer(first.checkOptions);
    return (op) => analyzer.feed(op);
  });
  const durationMs = Math.max(...metas.map((m) => m.meta.durationMs + offsets[m.meta.shard!.index]!));
  const interrupted = mergedInterruption(metas, offsets);
  const finished = analyzer.finish(first.thresholds, durationMs);
  // A shard stopped early ran part of its users' plan: the merged run is interrupted, as that shard is.
  const analysis = interrupted ? interruptAnalysis(finished, interrupted) : finished;
  if (interrupted && missing.length > 0)
    analysis.gate.reason += `; shards missing too: ${missing.join('; ')}`;
  // A missing shard's users were not judged, and the whole run is what the gate is about: unknown,
  // saying what the shards present found.
  else if (missing.length > 0) {
    const seen = analysis.gate.verdict === 'fail' ? ' (the shards present did fail the gate)' : '';
    analysis.gate.verdict = 'unknown';
    analysis.gate.reason = `shards missing: ${missing.join('; ')}${seen}. Run them again (same scenario, seed and --shard K/N) and merge every one`;
  }
  const late = lateShards(
    metas.map((m) => m.meta),
    options.startToleranceMs ?? DEFAULT_START_TOLERANCE_MS,
  );
  if (late.length > 0) {
    const seen = analysis.gate.verdict === 'fail' ? ' (the merged run did fail the gate)' : '';
    const why = `shards started apart: ${late.join('; ')}${seen}: their users did not meet the same run. Start every shard before the agreed instant (--start-at far enough ahead), or merge with a larger --start-tolerance`;
    // An interrupted run stays interrupted; the late start is said beside it.
    if (analysis.gate.verdict !== 'interrupted') analysis.gate.verdict = 'unknown';
    analysis.gate.reason =
      analysis.gate.reason && (missing.length > 0 || interrupted) ? `${analysis.gate.reason}; ${why}` : why;
  }
  // The findings' examples are indices of the merged history: told from a second merged pass.
  let collector = new StoryCollector(analysis.check.findings);
  if (collector.needed)
    await eachMergedOp(() => {
      collector = new StoryCollector(analysis.check.findings);
      return collector.feed;
    });
  const stories = collector.needed ? collector.stories() : undefined;
  const { shard: _shard, interrupted: _first, ...meta } = first;
  const notes = [
    `merged from ${metas.length} of ${count} shards; clock offsets ${Object.entries(offsets)
      .map(([k, v]) => `shard ${k} +${Math.round(v)} ms`)
      .join(', ')}`,
    ...(missing.length > 0 ? [`missing shards make the verdict unknown: ${missing.join('; ')}`] : []),
    ...(late.length > 0 ? [`late shards make the verdict unknown: ${late.join('; ')}`] : []),
    ...choices.flatMap((c, i) =>
      [recovered[i], ...c.notes]
        .filter((n) => n !== undefined)
        .map((n) => `shard ${metas[i]!.meta.shard!.index}: ${n}`),
    ),
  ];
  return {
    input: {
      ...meta,
      ...(interrupted ? { interrupted } : {}),
      startedAt: new Date(t0).toISOString(),
      durationMs,
      analysis,
      notes,
      ...(stories !== undefined ? { stories } : {}),
    },
    missing,
    offsets,
    late,
  };
}

/**
 * The merged run's interruption, when a shard was stopped before its plan ended: the earliest stop on
 * the merged clock, every shard's planned faults (one shard runs them), and which shards were stopped.
 */
function mergedInterruption(
  metas: readonly { meta: RunMeta }[],
  offsets: Record<number, number>,
): Interruption | undefined {
  const stopped = metas.filter((m) => m.meta.interrupted !== undefined);
  if (stopped.length === 0) return undefined;
  const at = (m: { meta: RunMeta }): number =>
    (m.meta.interrupted!.atMs ?? m.meta.durationMs) + offsets[m.meta.shard!.index]!;
  const earliest = stopped.reduce((a, b) => (at(b) < at(a) ? b : a));
  const plannedMs = metas[0]!.meta.interrupted?.plannedMs ?? earliest.meta.interrupted!.plannedMs;
  return {
    by: earliest.meta.interrupted!.by,
    atMs: Math.round(at(earliest)),
    ...(plannedMs !== undefined ? { plannedMs } : {}),
    plannedFaults: stopped.flatMap((m) => m.meta.interrupted!.plannedFaults),
    shards: stopped.map((m) => m.meta.shard!.index).sort((a, b) => a - b),
  };
}
