import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { startBrokenTarget } from './helpers/broken-target.ts';
import { startCli, STACK_TRACE } from './helpers/cli-process.ts';

// Two real sessionchaos processes on one state directory: a run holding a fault, and a `heal`
// started meanwhile. The heal must leave the live run's fault and journal alone.

test('heal run during another run skips that run (and says so); the run then heals its own fault', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-state-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const state = join(dir, 'state');
  await using target = await startBrokenTarget();
  const scenario = join(dir, 'hold.yaml');
  await writeFile(
    scenario,
    JSON.stringify({
      name: 'hold',
      description: 'an exec fault held for the whole run',
      target: { url: target.url },
      load: { users: 2, duration: '60s', think: '100ms' },
      probes: { every: false },
      faults: [
        {
          id: 'hold',
          action: 'exec',
          at: '200ms',
          duration: '50s',
          params: { command: `touch ${join(dir, 'broken')}`, healCommand: `touch ${join(dir, 'healed')}` },
        },
      ],
    }),
  );
  const env = { SESSIONCHAOS_STATE_DIR: state };
  const run = startCli(
    ['run', scenario, '--out', join(dir, 'out'), '--no-dashboard', '--allow-exec', '--seed', '1'],
    env,
  );
  await run.waitFor(/fault hold#1/);
  t.true(existsSync(join(dir, 'broken')));
  const journals = readdirSync(state);
  t.is(journals.length, 1);

  const heal = startCli(['heal', '--allow-exec'], env);
  const healed = await heal.exited;
  t.is(healed.code, 0, heal.err);
  t.regex(heal.out, /^skipped run-[0-9a-f]+: still running \(pid \d+ on .+\): left alone$/m);
  t.notRegex(heal.out, /^healed/m);
  t.false(existsSync(join(dir, 'healed')), 'the live run was healed by another process');
  t.deepEqual(readdirSync(state), journals, 'the live run lost its journal');

  run.child.kill('SIGINT');
  await run.exited;
  t.notRegex(run.err, STACK_TRACE);
  t.true(existsSync(join(dir, 'healed')), run.err);
  t.deepEqual(readdirSync(state), []);
});
