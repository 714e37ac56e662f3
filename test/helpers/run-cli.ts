import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Summary } from '@sessionchaos/report';
import { run } from 'sessionchaos';

/** What one CLI invocation did: its exit code and everything it wrote. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the real CLI in this process with `argv` (as after `sessionchaos`) and collects its exit code and output. */
export async function cli(...argv: string[]): Promise<CliResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => (o += c.toString()));
  err.on('data', (c: Buffer) => (e += c.toString()));
  const code = await run(argv, out, err);
  return { code, out: o, err: e };
}

/** Reads the summary.json a run wrote to `dir`. */
export async function readSummary(dir: string): Promise<Summary> {
  return JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Summary;
}
