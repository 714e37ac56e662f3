import { existsSync, readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration } from '@sessionchaos/core';
import { mergeShards, writeReports } from '@sessionchaos/report';
import { EXIT, verdictExit } from '../exit-codes.ts';
import { finalLines } from '../run/final-lines.ts';

const USAGE = `usage: sessionchaos merge <shard-dir>... --out DIR [--start-tolerance D] [--wait-until TIME] [--print-report]

Merges the --out directories of a run's shards (sessionchaos run --shard K/N) into one run: one
time-ordered history, checked and gated as a single run would be, every report written to DIR.
A missing or failed shard makes the verdict unknown (exit 2) and is named, and so does a shard
that started further than --start-tolerance (default 1s) from the agreed --start-at.
  --wait-until TIME  first wait until every shard directory holds its summary.json, or this instant (ISO time)
                     passes: then merge what is there (the Kubernetes merge Job's wait, with no shell tools)
  --print-report     print report.md on stdout after the verdict (a Job's log then carries the report)
`;

/** How often `--wait-until` looks for the shards' summary.json. */
const WAIT_POLL_MS = 2_000;

/** Resolves once every `dirs/summary.json` exists or `until` (epoch ms) has passed; says which it was. */
async function waitForShards(dirs: string[], until: number, err: Writable): Promise<void> {
  const pending = (): string[] => dirs.filter((d) => !existsSync(join(d, 'summary.json')));
  let left = pending();
  if (left.length > 0)
    err.write(
      `sessionchaos merge: waiting for ${left.length} shard(s) until ${new Date(until).toISOString()}\n`,
    );
  while (left.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, Math.min(WAIT_POLL_MS, Math.max(1, until - Date.now()))));
    left = pending();
  }
  if (left.length > 0)
    err.write(`sessionchaos merge: deadline passed, still no summary.json in ${left.join(', ')}\n`);
}

/** `sessionchaos merge <dir>... --out DIR`: exits with the merged run's verdict code. */
export async function mergeCommand(argv: string[], out: Writable, err: Writable): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        'start-tolerance': { type: 'string' },
        'wait-until': { type: 'string' },
        'print-report': { type: 'boolean' },
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
  const waitUntil = parsed.values['wait-until'];
  if (waitUntil !== undefined) {
    const until = Date.parse(waitUntil);
    if (!Number.isFinite(until) || !/\d{4}-\d\d-\d\dT/.test(waitUntil)) {
      err.write(
        `sessionchaos merge: --wait-until "${waitUntil}" must be an ISO time such as 2026-11-29T20:00:00Z\n${USAGE}`,
      );
      return EXIT.usage;
    }
    await waitForShards(dirs, until, err);
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
  if (parsed.values['print-report'] === true) {
    const report = join(dest, 'report.md');
    // The reports stay in the results volume; the log is the one place `kubectl logs` reads them from.
    if (existsSync(report)) out.write(`\n${readFileSync(report, 'utf8')}`);
  }
  return verdictExit(merged.input.analysis.gate.verdict);
}
