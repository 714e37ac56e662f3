import { PassThrough } from 'node:stream';
import { run } from '../../src/index.ts';

/** What one CLI invocation did: its exit code and everything it wrote. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process with `argv` and collects its exit code, stdout and stderr. */
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
