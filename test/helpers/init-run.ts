import type { ExecutionContext } from 'ava';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from 'sessionchaos';
import { cli, readSummary, type CliResult } from './run-cli.ts';

/**
 * `sessionchaos init ARGS --username U --password secret` into a temp file, which must pass (its
 * journey walked), then a short run of the written scenario (4 users, 4 s), which must pass with
 * every user logged in. Returns init's output and the file's text.
 */
export async function initThenRun(
  t: ExecutionContext,
  username: string,
  ...args: string[]
): Promise<{ init: CliResult; text: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sc-init-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'app.yaml');
  const init = await cli('init', ...args, '--username', username, '--password', 'secret', '--out', file);
  const text = await readFile(file, 'utf8');
  t.is(init.code, EXIT.pass, init.out + init.err + text);
  const out = join(dir, 'out');
  const run = await cli('run', file, '--users', '4', '--duration', '4s', '--no-dashboard', '--out', out);
  t.is(run.code, EXIT.pass, run.out + run.err + text);
  t.is((await readSummary(out)).coverage.users.loggedIn, 4);
  return { init, text };
}
