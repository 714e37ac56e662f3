import { interruptAnalysis, type RunAnalyzer, type Threshold } from '@sessionchaos/core';
import type { LiveReporter } from '@sessionchaos/dashboard';
import { storiesOfRun, writeReports, type HistoryWriter, type RunMeta } from '@sessionchaos/report';
import type { RunResult } from '@sessionchaos/traffic';
import { EXIT } from '../exit-codes.ts';
import { finalLines } from './final-lines.ts';
import type { RunInvocation } from './run-invocation.ts';

const VERDICT_EXIT = {
  pass: EXIT.pass,
  fail: EXIT.fail,
  unknown: EXIT.unknown,
  interrupted: EXIT.interrupted,
} as const;

/** What the conclude phase reads: the stopped traffic's totals and the live analysis of its history. */
export interface Concluding {
  inv: RunInvocation;
  writer: HistoryWriter;
  analyzer: RunAnalyzer;
  live: LiveReporter;
  totals: RunResult;
  meta: (durationMs: number) => RunMeta;
  thresholds: readonly Threshold[];
}

/**
 * The conclude phase, once the traffic, probes and faults stopped: closes the history, gates the
 * analysis (`interrupted` when the meta says the run was stopped before its plan ended), writes the
 * reports and the final lines, and gives the exit code (a shard's is 0: the merged run decides).
 */
export async function conclude(c: Concluding): Promise<number> {
  const { inv } = c;
  const notes: string[] = [];
  try {
    await c.writer.close();
  } catch (error) {
    // The analysis was live: the reports are still right even if the history file is not complete.
    notes.push(`history.ndjson is incomplete: ${(error as Error).message}`);
  }
  const durationMs = Math.round(c.totals.durationMs);
  const meta = c.meta(durationMs);
  const judged = c.analyzer.finish(c.thresholds, durationMs);
  // Stopped before its plan ended: the part that ran is reported, never as the run's pass.
  const analysis = meta.interrupted ? interruptAnalysis(judged, meta.interrupted) : judged;
  // The findings' examples told from the history just closed (a second, bounded pass).
  const { stories, note } = await storiesOfRun(inv.outDir, analysis.check.findings);
  if (note !== undefined) notes.push(note);
  const files = await writeReports(inv.outDir, {
    ...meta,
    analysis,
    ...(notes.length > 0 ? { notes } : {}),
    ...(stories !== undefined ? { stories } : {}),
  });
  for (const note of notes) inv.err.write(`sessionchaos run: ${note}\n`);
  const lines = finalLines({ ...meta, analysis }, inv.outDir, files, c.totals.crashed);
  await c.live.stop({ verdict: analysis.gate.verdict, lines });
  for (const line of lines) inv.out.write(`${line}\n`);
  if (inv.shard) {
    // A shard's own verdict covers only its users: the merged run decides. A shard that ran exits 0.
    inv.out.write(
      `shard ${inv.shard.index}/${inv.shard.count} done (its own part: ${analysis.gate.verdict}); ` +
        `the verdict is the merged run's: sessionchaos merge <each shard's --out dir> --out DIR\n`,
    );
    return EXIT.pass;
  }
  return VERDICT_EXIT[analysis.gate.verdict];
}
