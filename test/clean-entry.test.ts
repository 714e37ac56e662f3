import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { EXIT } from 'sessionchaos';
import { startBrokenTarget } from './helpers/broken-target.ts';
import { writeBrokenScenario } from './helpers/broken-scenario.ts';

// scripts/sessionchaos runs the CLI from its sources with nothing around it: what the user sees is the
// tool's own output, and the shell gets the verdict's exit code. `pnpm sessionchaos` (the control below)
// echoes `$ node --conditions=...` and adds `[ELIFECYCLE] Command failed` after any non-zero exit.

const REPO = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = join(REPO, 'scripts/sessionchaos');
const WRAPPER_LINE = /^\$ node |ELIFECYCLE/m;

interface Exited {
  code: number;
  out: string;
  err: string;
}

/** Runs `file args` from `cwd` as a shell would, with NODE_OPTIONS cleared (ava's own must not leak in). */
function exec(file: string, args: string[], cwd: string): Promise<Exited> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 120_000 },
      (error, out, err) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out, err }),
    );
  });
}

test('a failing verdict: exit 1 reaches the shell, and the output is the tool’s only', async (t) => {
  await using target = await startBrokenTarget({ bugs: ['lost-session'] });
  const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-entry-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = await writeBrokenScenario(dir, target);
  // Run from another directory than the repository: the entry finds its sources by its own path.
  const r = await exec(
    ENTRY,
    [
      'run',
      file,
      '--target',
      target.url,
      '--duration',
      '3s',
      '--no-dashboard',
      '--seed',
      '1',
      '--out',
      'out',
    ],
    dir,
  );
  t.is(r.code, EXIT.fail, `${r.out}\n${r.err}`);
  t.notRegex(`${r.out}\n${r.err}`, WRAPPER_LINE);
  const summary = JSON.parse(await readFile(join(dir, 'out/summary.json'), 'utf8')) as { verdict: string };
  t.is(summary.verdict, 'fail');
  t.regex(r.out + r.err, /lost-session/);
});

test('a usage error: 64 unchanged and no wrapper line, where pnpm sessionchaos adds both of its lines', async (t) => {
  const bad = join(REPO, 'packages/cli/test/fixtures/bad.yaml');
  const direct = await exec(ENTRY, ['validate', bad], REPO);
  t.is(direct.code, EXIT.usage);
  t.regex(direct.err, /unknown fault action "kil"/);
  t.notRegex(`${direct.out}\n${direct.err}`, WRAPPER_LINE);
  // The control: the same command through pnpm shows the lines this entry exists to avoid.
  const wrapped = await exec('pnpm', ['sessionchaos', 'validate', bad], REPO);
  t.is(wrapped.code, EXIT.usage);
  t.regex(`${wrapped.out}\n${wrapped.err}`, WRAPPER_LINE);
});

test('a passing command: exit 0 and exactly the tool’s output', async (t) => {
  const r = await exec(ENTRY, ['--version'], REPO);
  t.is(r.code, EXIT.pass);
  const { version } = JSON.parse(await readFile(join(REPO, 'packages/cli/package.json'), 'utf8')) as {
    version: string;
  };
  t.is(r.out, `${version}\n`);
  t.is(r.err, '');
});
