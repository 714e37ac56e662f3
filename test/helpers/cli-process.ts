import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const MAIN = fileURLToPath(new URL('../../packages/cli/src/main.ts', import.meta.url));

/** A real `sessionchaos` process: its output so far, and its exit (code, or the signal that ended it). */
export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  readonly err: string;
  readonly out: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stderr matches `re`; rejects after `ms` with what was written. */
  waitFor(re: RegExp, ms?: number): Promise<void>;
}

/** Starts the CLI as its own process (real signals reach it), killed at the latest when `ttlMs` passes. */
export function startCli(argv: string[], env: NodeJS.ProcessEnv = {}, ttlMs = 60_000): CliProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=@sessionchaos/source', '--disable-warning=ExperimentalWarning', MAIN, ...argv],
    { env: { ...process.env, ...env } },
  );
  let err = '';
  let out = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const ttl = setTimeout(() => child.kill('SIGKILL'), ttlMs);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(ttl);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    get err() {
      return err;
    },
    get out() {
      return out;
    },
    exited,
    waitFor: (re, ms = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.stderr.off('data', check);
          reject(new Error(`never saw ${re} in:\n${err}`));
        }, ms);
        const check = (): void => {
          if (!re.test(err)) return;
          clearTimeout(timer);
          child.stderr.off('data', check);
          resolve();
        };
        child.stderr.on('data', check);
        check();
      }),
  };
}

/** A line of a Node stack trace: what a user must never see. */
export const STACK_TRACE = /\n\s+at .+[:(]\d+:\d+\)?/;

/**
 * Resolves once a run writing to `out` has begun its load: run.json is written just before the traffic starts
 * (after the journey check and the loading of the run's modules, which take seconds on a busy machine).
 */
export async function loadStarted(out: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(join(out, 'run.json'))) {
    if (Date.now() > deadline)
      throw new Error(`no ${join(out, 'run.json')} after ${timeoutMs} ms: the run never started its load`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
