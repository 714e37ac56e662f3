import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { parseDuration } from '@sessionchaos/core';
import { mergeShards, writeReports } from '@sessionchaos/report';
import { EXIT, verdictExit } from '../exit-codes.ts';
import { finalLines } from '../run/final-lines.ts';

const USAGE = `usage: sessionchaos merge <shard-dir>... --out DIR [--start-tolerance D]

Merges the --out directories of a run's shards (sessionchaos run --shard K/N) into one run: one
time-ordered history, checked and gated as a single run would be, every report written to DIR.
A missing or failed shard makes the verdict unknown (exit 2) and is named, and so does a shard
that started further than --start-tolerance (default 1s) from the agreed --start-at.
`;

/** `sessionchaos merge <dir>... --out DIR`: exits with the merged run's verdict code. */
export async function mergeCommand(argv: string[], out: Writable, err: Writable): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        'start-tolerance': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    err.write(`sessionchaos merge: ${(error as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    out.write(USAGE);
    return EXIT.pass;
  }
  const dirs = parsed.positionals;
  const dest = parsed.values.out;
  if (dirs.length === 0 || dest === undefined) {
    err.write(`sessionchaos merge: name the shard directories and --out DIR.\n${USAGE}`);
    return EXIT.usage;
  }
  let startToleranceMs: number | undefined;
  const tolerance = parsed.values['start-tolerance'];
  if (tolerance !== undefined) {
    const d = parseDuration(tolerance);
    if (typeof d !== 'number' || !(d >= 0)) {
      err.write(
        `sessionchaos merge: --start-tolerance "${tolerance}" is not a duration: write 1s, 500ms or 2m\n${USAGE}`,
      );
      return EXIT.usage;
    }
    startToleranceMs = d;
  }
  const merged = await mergeShards(dirs, startToleranceMs === undefined ? {} : { startToleranceMs });
  if ('error' in merged) {
    err.write(`sessionchaos merge: ${merged.error}\n`);
    return EXIT.usage;
  }
  for (const m of merged.missing) err.write(`sessionchaos merge: missing ${m}\n`);
  for (const l of merged.late) err.write(`sessionchaos merge: ${l}\n`);
  const files = await writeReports(dest, merged.input);
  for (const line of finalLines(merged.input, dest, files, [])) out.write(`${line}\n`);
  return verdictExit(merged.input.analysis.gate.verdict);
}
