import type { Writable } from 'node:stream';
import { reanalyze, writeReports } from '@sessionchaos/report';
import { EXIT, verdictExit } from '../exit-codes.ts';
import { finalLines } from '../run/final-lines.ts';

/**
 * `sessionchaos report <dir>`: checks a saved run again from its history (history.bin when whole,
 * else history.ndjson) and run.json (with the checkers of this version), rewrites the reports, and
 * exits with the verdict's code.
 */
export async function reportCommand(argv: string[], out: Writable, err: Writable): Promise<number> {
  const [dir, ...rest] = argv;
  if (dir === undefined || dir.startsWith('-') || rest.length > 0) {
    err.write('usage: sessionchaos report <dir>   (a directory a run wrote: history.ndjson and run.json)\n');
    return EXIT.usage;
  }
  let input;
  try {
    input = await reanalyze(dir);
  } catch (error) {
    err.write(`sessionchaos report: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  const files = await writeReports(dir, input);
  for (const line of finalLines(input, dir, files, [])) out.write(`${line}\n`);
  return verdictExit(input.analysis.gate.verdict);
}
