import { runCli, type CliResult } from '@sessionchaos/testkit';
import { run } from '../../src/index.ts';

export type { CliResult } from '@sessionchaos/testkit';

/** Runs the CLI in-process with `argv` and collects its exit code, stdout and stderr. */
export function cli(...argv: string[]): Promise<CliResult> {
  return runCli(run, argv);
}
