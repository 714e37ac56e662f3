import { BinaryHistoryError, HistoryDecodeError, RunAnalyzer } from '@sessionchaos/core';
import { chooseHistory, eachHistoryOp, fallBackToNdjson } from './history-reader.ts';
import type { ReportInput } from './run-meta.ts';
import { readRunMeta } from './run-meta.ts';

/**
 * What `sessionchaos report <dir>` does: reads `<dir>/run.json`, streams the history (never whole
 * in memory: `history.bin` when it is whole and matches, else `history.ndjson`, see
 * {@link chooseHistory}) through a fresh analyzer with the run's check options, and gates it with
 * the run's thresholds. A binary history that turns out bad is dropped for the NDJSON, with a
 * note. An NDJSON last line cut off mid-write (the run was killed) is skipped and noted; any other
 * bad line is an error naming the file and line.
 */
export async function reanalyze(dir: string): Promise<ReportInput> {
  const meta = await readRunMeta(dir);
  let choice = await chooseHistory(dir);
  let analyzer: RunAnalyzer;
  const notes: string[] = [];
  for (;;) {
    analyzer = new RunAnalyzer(meta.checkOptions);
    notes.length = 0;
    notes.push(...choice.notes);
    try {
      const fed = analyzer;
      await eachHistoryOp(choice, notes, (op) => fed.feed(op));
      break;
    } catch (error) {
      // Start over from the NDJSON: the analyzer has seen part of a history that cannot be trusted.
      if (error instanceof BinaryHistoryError && choice.source === 'binary')
        choice = fallBackToNdjson(choice, error);
      else throw historyError(choice.path, error);
    }
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
