import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LABELS } from '@sessionchaos/core';
import { listLabContainers, removeLab } from '@sessionchaos/lab';
import { requireDocker } from '@sessionchaos/testkit';
import { startCli, STACK_TRACE } from './helpers/cli-process.ts';

const scenario = fileURLToPath(new URL('../packages/cli/test/fixtures/kill-one.yaml', import.meta.url));
const runs: string[] = [];

test.after.always(async () => {
  for (const id of runs) await removeLab(id);
});

/** Networks of a run still on the engine. */
function networksOf(runId: string): string[] {
  return execFileSync('docker', ['network', 'ls', '-q', '--filter', `label=${LABELS.run}=${runId}`], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
}

// Ctrl-C at several moments of the lab's creation: each time, nothing of the run is left behind.
for (const afterMs of [100, 600, 1500]) {
  test.serial(
    `Ctrl-C ${afterMs} ms into the lab's start-up leaves no container or network behind`,
    async (t) => {
      await requireDocker();
      const out = join(mkdtempSync(join(tmpdir(), 'sc-startint-')), 'out');
      const run = startCli(['run', scenario, '--allow-exec', '--no-dashboard', '--out', out], {}, 180_000);
      await run.waitFor(/starting the lab: .* \(run (lab-[0-9a-f]+)\)/, 60_000);
      const runId = /\(run (lab-[0-9a-f]+)\)/.exec(run.err)![1]!;
      runs.push(runId);
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      run.child.kill('SIGINT');
      const { code } = await run.exited;
      t.true(code === 130 || code === 69, `exit ${code}\n${run.err}`);
      t.notRegex(run.err, STACK_TRACE);
      t.deepEqual(await listLabContainers(runId), [], run.err);
      t.deepEqual(networksOf(runId), [], run.err);
    },
  );
}
