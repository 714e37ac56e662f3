import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { HistoryDecodeError, NdjsonDecoder, RunAnalyzer } from '@sessionchaos/core';
import type { ReportInput } from './run-meta.ts';
import { HISTORY_FILE, readRunMeta } from './run-meta.ts';

/**
 * What `sessionchaos report <dir>` does: reads `<dir>/run.json`, streams `<dir>/history.ndjson`
 * (never whole in memory) through a fresh analyzer with the run's check options, and gates it
 * with the run's thresholds. A last line cut off mid-write (the run was killed) is skipped and
 * noted; any other bad line is an error naming the file and line.
 */
export async function reanalyze(dir: string): Promise<ReportInput> {
  const meta = await readRunMeta(dir);
  const path = join(dir, HISTORY_FILE);
  const analyzer = new RunAnalyzer(meta.checkOptions);
  const decoder = new NdjsonDecoder();
  const notes: string[] = [];
  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      for (const op of decoder.feed(chunk as string)) analyzer.feed(op);
    }
  } catch (error) {
    throw historyError(path, error);
  }
  try {
    for (const op of decoder.end()) analyzer.feed(op);
  } catch (error) {
    if (!(error instanceof HistoryDecodeError)) throw historyError(path, error);
    notes.push(
      `${HISTORY_FILE} ended in a partial line ${error.line} (the run was cut off while writing); it was skipped.`,
    );
  }
  // A run.json written at the start of a run that never finished has no length yet.
  const analysis = analyzer.finish(meta.thresholds, meta.durationMs > 0 ? meta.durationMs : undefined);
  return notes.length > 0 ? { ...meta, analysis, notes } : { ...meta, analysis };
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
