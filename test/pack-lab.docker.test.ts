import test from 'ava';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireDocker } from '@sessionchaos/testkit';
import { installPacked, REPO_ROOT } from './helpers/packed-install.ts';

test('installed from the tarballs with npm, sessionchaos starts the lab and runs a short scenario to its verdict', async (t) => {
  await requireDocker();
  const p = await installPacked();
  t.teardown(() => p.dispose());
  copyFileSync(join(REPO_ROOT, 'scenarios/memory-mismatch.yaml'), join(p.dir, 'memory-mismatch.yaml'));
  // Memory sessions behind round-robin lose sessions without any fault: a short run is enough to fail.
  const args = ['run', 'memory-mismatch.yaml', '--users', '10', '--duration', '5s', '--no-dashboard'];
  const { code, out, err } = await p.sessionchaos([...args, '--seed', '1', '--out', 'out'], 170_000);
  t.is(code, 1, out + err);
  const summary = JSON.parse(readFileSync(join(p.dir, 'out/summary.json'), 'utf8')) as {
    verdict: string;
    findings: { kind: string }[];
  };
  t.is(summary.verdict, 'fail');
  t.true(summary.findings.some((f) => f.kind === 'lost-session'));
});
