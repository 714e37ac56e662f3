import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Summary } from '@sessionchaos/report';
import { runCli, type CliResult } from '@sessionchaos/testkit';
import { run } from 'sessionchaos';

export type { CliResult } from '@sessionchaos/testkit';

/** Runs the real CLI in this process with `argv` (as after `sessionchaos`) and collects its exit code and output. */
export function cli(...argv: string[]): Promise<CliResult> {
  return runCli(run, argv);
}

/** Reads the summary.json a run wrote to `dir`. */
export async function readSummary(dir: string): Promise<Summary> {
  return JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Summary;
}
