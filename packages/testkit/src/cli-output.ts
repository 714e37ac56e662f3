import { PassThrough } from 'node:stream';
import type { Writable } from 'node:stream';

/** What one CLI invocation did: its exit code and everything it wrote. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** A CLI entry point as the `sessionchaos` package exports it: argv, stdout, stderr, the exit code. */
export type CliEntry = (argv: string[], out: Writable, err: Writable) => Promise<number>;

/** Runs a CLI entry point in this process with `argv` and collects its exit code, stdout and stderr. */
export async function runCli(entry: CliEntry, argv: string[]): Promise<CliResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => (o += c.toString()));
  err.on('data', (c: Buffer) => (e += c.toString()));
  const code = await entry(argv, out, err);
  return { code, out: o, err: e };
}
