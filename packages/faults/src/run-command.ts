import { spawn } from 'node:child_process';

/** Output kept from a command: its last bytes, so a chatty hook cannot fill memory. */
const MAX_OUTPUT = 4096;

/** Result of a shell command run by a fault. */
export interface CommandResult {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  output: string;
}

/**
 * Runs `argv` (no shell unless argv says so) with a timeout; the process group is killed when it
 * runs over, so nothing it started is left behind. Output is stdout and stderr interleaved, bounded.
 */
export function runCommand(
  argv: string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-MAX_OUTPUT);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, timedOut, output: `${output}${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, output: output.trimEnd() });
    });
  });
}
