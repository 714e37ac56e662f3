import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Runs `script` (an ES module importing `@sessionchaos/faults`) in a real Node process, as a crashed
 * or interrupted run would be, and resolves once it printed `injected`.
 */
export async function startFaultProcess(script: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@sessionchaos/source', '--input-type=module', '-e', script],
    {
      cwd: new URL('..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => String(d).includes('injected') && resolve());
    child.on('exit', (code) => reject(new Error(`the fault process exited (${code}) before injecting`)));
  });
  return child;
}
