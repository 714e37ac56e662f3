import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { requireDocker } from '@sessionchaos/testkit';
import { EXIT } from 'sessionchaos';
import { libraryScenarios } from './helpers/library.ts';
import { cli, readSummary } from './helpers/run-cli.ts';

// Every lab scenario of the library, through the real CLI, one at a time (each starts its own lab
// and removes it). external-target.yaml runs against the broken target in broken-target-cli.test.ts.

const VERDICT_EXIT = { pass: EXIT.pass, fail: EXIT.fail, unknown: EXIT.unknown } as const;

for (const { name, file, scenario } of libraryScenarios()) {
  if (scenario.target.kind !== 'lab') continue;
  const expected = { verdict: scenario.expect?.verdict ?? 'pass', findings: scenario.expect?.findings ?? [] };
  test.serial(
    `${name}: verdict ${expected.verdict}, with ${expected.findings.join(', ') || 'no required finding'}`,
    async (t) => {
      // Lab start (~5 s), traffic (<= 30 s), heal, check, reports and removal, on a busy machine.
      t.timeout(150_000);
      await requireDocker();
      const dir = await mkdtemp(join(tmpdir(), `sessionchaos-${scenario.name}-`));
      t.teardown(() => rm(dir, { recursive: true, force: true }));
      const { code, out, err } = await cli('run', file, '--out', dir, '--no-dashboard', '--seed', '1');
      t.is(code, VERDICT_EXIT[expected.verdict], `${out}\n${err}`);
      const summary = await readSummary(dir);
      t.is(summary.verdict, expected.verdict);
      const kinds = summary.findings.map((f) => f.kind);
      for (const kind of expected.findings)
        t.true(kinds.includes(kind), `${kind} missing; found: ${kinds.join(', ')}`);
      t.is(summary.expect?.met, true);
      // Headline figures for the library's README: what each fault did (from the history: the Redis
      // election time is only there), the findings with the users they touched, recovery times.
      const history = await readFile(join(dir, 'history.ndjson'), 'utf8');
      const details = history
        .split('\n')
        .filter((line) => line.includes('"process":"fault"') && line.includes('"detail"'))
        .map((line) => (JSON.parse(line) as { detail: string }).detail);
      const faults = summary.faults.map(
        (f) =>
          `${f.id}: first bad op after ${f.toFirstBadMs ?? '-'} ms, recovered after ${f.recoveryMs ?? '-'} ms`,
      );
      const findings = summary.findings.map(
        (f) => `${f.kind} x${f.count} (${f.users} users, ${f.fault ?? 'steady'})`,
      );
      t.log(
        `${summary.verdict}: ${summary.requests.total} requests (${JSON.stringify(summary.requests.byStatus)}), ` +
          `${summary.users.withLostSession}/${summary.users.total} users with a lost session; ` +
          `findings: ${findings.join(', ') || 'none'}; ${[...faults, ...details].join('; ')}`,
      );
    },
  );
}
