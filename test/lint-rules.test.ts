// The import rules of `pnpm lint` (.dependency-cruiser.js), run on small trees that break them on
// purpose (test/fixtures/lint-rules/): each rule must fail on what it forbids and stay quiet on a
// clean tree, or main's "no violations" would prove nothing.
import test from 'ava';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

interface Cruised {
  exitCode: number;
  violations: Violation[];
  modules: number;
}

type Run = (args: string[], cwd: string) => Promise<{ stdout: string; exitCode: number }>;

// depcruise exits with the number of errors: a failing cruise is an answer here, not an error.
const run: Run = (args, cwd) =>
  promisify(execFile)(process.execPath, [depcruise, ...args], { cwd }).then(
    (r) => ({ stdout: r.stdout, exitCode: 0 }),
    (e: { stdout?: string; code?: number }) => {
      if (typeof e.code !== 'number' || !e.stdout) throw e;
      return { stdout: e.stdout, exitCode: e.code };
    },
  );

/**
 * Runs the repository's rules on a copy of one fixture, made outside the repository: there no
 * node_modules lies above it, so `@sessionchaos/<name>` stays a name instead of resolving to the
 * real packages (the rules match both forms). Twice: as `pnpm lint` runs it (its exit code is what
 * fails lint; the JSON reporter always exits 0), and as JSON for what it found.
 */
async function cruise(fixture: string): Promise<Cruised> {
  const dir = await mkdtemp(join(tmpdir(), `lint-rules-${fixture}-`));
  try {
    await cp(join(root, 'test/fixtures/lint-rules', fixture), dir, { recursive: true });
    const config = ['--config', join(root, '.dependency-cruiser.js')];
    const { exitCode } = await run([...config, 'packages'], dir);
    const { stdout } = await run([...config, '--output-type', 'json', 'packages'], dir);
    const out = JSON.parse(stdout) as { summary: { violations: Violation[]; totalCruised: number } };
    return { exitCode, violations: out.summary.violations, modules: out.summary.totalCruised };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const broken = (c: Cruised): string[] =>
  c.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();

test('a clean tree passes: core pure, traffic on core and node:http, cli composing', async (t) => {
  const c = await cruise('clean');
  t.is(c.modules, 8, 'every file of the fixture and its imports were cruised');
  t.deepEqual(broken(c), []);
  t.is(c.exitCode, 0);
});

test('an import cycle fails lint', async (t) => {
  const c = await cruise('cycle');
  t.deepEqual(broken(c), [
    'no-circular: packages/traffic/src/journey-check.ts → packages/traffic/src/journey-diagnosis.ts',
  ]);
  t.deepEqual(
    c.violations[0]!.cycle!.map((m) => m.name),
    ['packages/traffic/src/journey-diagnosis.ts', 'packages/traffic/src/journey-check.ts'],
  );
  t.is(c.exitCode, 1);
});

test('a cycle made only of `import type` edges fails lint too', async (t) => {
  const c = await cruise('type-cycle');
  t.deepEqual(broken(c), [
    'no-circular: packages/core/src/history/binary-encoder.ts → packages/core/src/history/binary-op-writer.ts',
  ]);
  t.is(c.exitCode, 1);
});

test('forbidden imports fail lint: core doing I/O or importing a package, a package importing a sibling, src importing testkit', async (t) => {
  const c = await cruise('forbidden');
  t.deepEqual(broken(c), [
    'core-does-no-io: packages/core/src/read-scenario.ts → fs',
    'core-does-no-io: packages/core/src/store-client.ts → ioredis',
    'core-imports-no-other-package: packages/core/src/live-users.ts → @sessionchaos/traffic',
    'core-imports-no-other-package: packages/core/src/live-users.ts → packages/traffic/src/index.ts',
    'package-imports-only-core: packages/report/src/index.ts → @sessionchaos/lab',
    'package-imports-only-core: packages/traffic/src/index.ts → @sessionchaos/faults',
    'src-imports-no-testkit: packages/cli/src/main.ts → @sessionchaos/testkit',
  ]);
  // traffic's imports of core and undici, and cli's of traffic, are allowed: not among the violations.
  t.is(c.exitCode, 7);
});
