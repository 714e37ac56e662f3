import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listLabContainers, removeLab } from '@sessionchaos/lab';
import { requireDocker } from '@sessionchaos/testkit';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const scenario = fileURLToPath(new URL('./fixtures/kill-one.yaml', import.meta.url));
let runId: string | undefined;

test.after.always(async () => {
  if (runId) await removeLab(runId);
});

test('SIGINT mid-run: the active fault is healed, the reports of what ran are written, the lab is removed', async (t) => {
  await requireDocker();
  const out = join(mkdtempSync(join(tmpdir(), 'sc-int-')), 'out');
  const child = spawn(
    process.execPath,
    [
      '--conditions=@sessionchaos/source',
      '--disable-warning=ExperimentalWarning',
      main,
      'run',
      scenario,
      '--allow-exec',
      '--duration',
      '60s',
      '--seed',
      '1',
      '--out',
      out,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Interrupt while the kill of 0:02-0:05 holds its node down.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the fault never started:\n${err}`)), 90_000);
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      runId ??= /\(run (lab-[0-9a-f]+)\)/.exec(err)?.[1];
      if (/fault kill-one#1: kill app -> app-\d/.test(err)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.kill('SIGINT');
  const code = await exited;
  t.is(code, 130, err);
  t.regex(err, /SIGINT: healing every active fault before exiting/);
  t.true(existsSync(join(out, 'summary.json')), err);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
    faults: { id: string; healed: boolean }[];
    requests: { total: number };
  };
  t.like(
    summary.faults.find((f) => f.id === 'kill-one#1'),
    { healed: true },
  );
  t.true(summary.requests.total > 0);
  t.regex(stdout, /reports: /);
  t.deepEqual(await listLabContainers(runId), [], 'no lab container is left');
});
