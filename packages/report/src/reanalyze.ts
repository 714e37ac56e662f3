import { stat } from 'node:fs/promises';
import {
  BinaryHistoryError,
  HistoryDecodeError,
  interruptAnalysis,
  RunAnalyzer,
  type RunAnalysis,
} from '@sessionchaos/core';
import { chooseHistory, eachHistoryOp, fallBackToNdjson } from './history-reader.ts';
import { recoverHistory } from './ndjson-from-binary.ts';
import { storiesOf } from './read-stories.ts';
import { analyzeInParallel, checksInParallel, PARALLEL_CHECK_BYTES } from './parallel-check.ts';
import type { ReportInput } from './run-meta.ts';
import { readRunMeta } from './run-meta.ts';

/** How {@link reanalyze} reads. */
export interface ReanalyzeOptions {
  /** A binary history of at least this many bytes is checked on two threads (parallel-check.ts). */
  parallelAbove?: number;
}

/**
 * What `sessionchaos report <dir>` does: reads `<dir>/run.json`, streams the history (never whole
 * in memory: `history.bin` when it is whole and matches, else `history.ndjson`, see
 * {@link chooseHistory}) through a fresh analyzer with the run's check options, and gates it with
 * the run's thresholds. A binary history that turns out bad is dropped for the NDJSON, with a
 * note. An NDJSON last line cut off mid-write (the run was killed) is skipped and noted; any other
 * bad line is an error naming the file and line. A run.json that says the run was interrupted (or
 * never finished) keeps the verdict `interrupted`.
 */
export async function reanalyze(
  dir: string,
  { parallelAbove = PARALLEL_CHECK_BYTES }: ReanalyzeOptions = {},
): Promise<ReportInput> {
  const meta = await readRunMeta(dir);
  // A run killed before it could end its history: its NDJSON made from what it flushed.
  const recovered = await recoverHistory(dir);
  let choice = await chooseHistory(dir);
  // A run.json written at the start of a run that never finished has no length yet.
  const durationMs = meta.durationMs > 0 ? meta.durationMs : undefined;
  let analysis: RunAnalysis;
  const notes: string[] = [];
  for (;;) {
    notes.length = 0;
    if (recovered !== undefined) notes.push(recovered);
    notes.push(...choice.notes);
    try {
      const bytes = choice.source === 'binary' ? (await stat(choice.path)).size : 0;
      if (checksInParallel(choice, bytes, parallelAbove)) {
        analysis = await analyzeInParallel(choice, meta.checkOptions, notes, meta.thresholds, durationMs);
        break;
      }
      const analyzer = new RunAnalyzer(meta.checkOptions);
      await eachHistoryOp(choice, notes, (op) => analyzer.feed(op));
      analysis = analyzer.finish(meta.thresholds, durationMs);
      break;
    } catch (error) {
      // Start over from the NDJSON: the analyzer has seen part of a history that cannot be trusted.
      if (error instanceof BinaryHistoryError && choice.source === 'binary')
        choice = fallBackToNdjson(choice, error);
      else throw historyError(choice.path, error);
    }
  }
  // An interrupted run (or one that never finished) stays interrupted, whatever its part judges.
  if (meta.interrupted !== undefined) analysis = interruptAnalysis(analysis, meta.interrupted);
  // A second pass, as the run itself makes: the examples are known only now.
  const stories = await storiesOf(choice, analysis.check.findings);
  return {
    ...meta,
    analysis,
    ...(notes.length > 0 ? { notes } : {}),
    ...(stories !== undefined ? { stories } : {}),
  };
}

function historyError(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new Error(
      `could not re-check the run: ${path} is missing. A run writes it next to run.json; ` +
        'point `sessionchaos report` at the --out directory of a run that started.',
    );
  }
  if (error instanceof HistoryDecodeError) {
    return new Error(
      `could not re-check the run: ${path}: ${error.message} ` +
        'The file was changed after the run or is not a sessionchaos history; run the scenario again.',
    );
  }
  return new Error(`could not re-check the run: reading ${path} failed: ${(error as Error).message}`);
}
