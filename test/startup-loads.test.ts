import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import { EXIT } from 'sessionchaos';
import { startBrokenTarget } from './helpers/broken-target.ts';
import { writeBrokenScenario } from './helpers/broken-scenario.ts';

// The quick commands answer fast because they load only what they use: each is run in a child node with
// a hook recording every module it loads (helpers/record-loads.ts), and the list is checked, not a time
// (packages/cli/bench/startup.ts measures the time).

const REPO = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(REPO, 'packages/cli/src/main.ts');
const HOOK = join(REPO, 'test/helpers/record-loads.ts');

/** npm packages that start a load, a lab, a fault or a terminal UI: none of the quick commands needs one. */
const HEAVY = ['testcontainers', 'dockerode', 'ioredis', 'ink', 'react', 'autocannon'];
/** The workspace packages only `run` (and `lab`, `heal`, ...) need. */
const HEAVY_WORKSPACE = ['dashboard', 'faults/src/index', 'report', 'lab/src/index'];

/** The npm package a module URL belongs to (its name under the last node_modules), or undefined. */
function npmPackage(url: string): string | undefined {
  return /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/.exec(url)?.[1];
}

async function loadsOf(t: ExecutionContext, args: string[]): Promise<{ code: number; urls: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-loads-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const record = join(dir, 'loads.txt');
  const code = await new Promise<number>((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@sessionchaos/source', '--import', HOOK, MAIN, ...args],
      {
        cwd: REPO,
        env: { ...process.env, NODE_OPTIONS: '', SESSIONCHAOS_RECORD_LOADS: record },
        timeout: 60_000,
      },
      (error) => resolve(error ? (typeof error.code === 'number' ? error.code : -1) : 0),
    );
  });
  const urls = (await readFile(record, 'utf8')).split('\n').filter(Boolean);
  return { code, urls };
}

const packagesOf = (urls: string[]): Set<string> =>
  new Set(urls.map(npmPackage).filter((p): p is string => p !== undefined));

function heavyIn(urls: string[], allowed: readonly string[] = []): string[] {
  const pkgs = packagesOf(urls);
  return [
    ...HEAVY.filter((h) => pkgs.has(h) && !allowed.includes(h)),
    ...HEAVY_WORKSPACE.filter((w) => urls.some((u) => u.includes(`/packages/${w}`))),
  ];
}

test('validate loads the scenario parser and the lab spec, not the HTTP client, Docker, Redis or the dashboard', async (t) => {
  const { code, urls } = await loadsOf(t, ['validate', 'scenarios/memory-mismatch.yaml']);
  t.is(code, EXIT.pass);
  const pkgs = packagesOf(urls);
  // What it does need: the recorder sees it, so an empty list cannot pass for a light one.
  t.true(pkgs.has('yaml'), [...pkgs].join(', '));
  t.true(
    urls.some((u) => u.endsWith('/packages/lab/src/cluster/lab-spec.ts')),
    'the lab spec checks were not loaded',
  );
  t.deepEqual(heavyIn(urls), []);
  t.false(pkgs.has('undici'), 'validate loaded undici');
  // Nor core's checkers and metrics (the HDR histogram), nor the selector compiler for a journey with none.
  t.false(pkgs.has('hdr-histogram-js'), 'validate loaded the latency histogram');
  t.false(pkgs.has('css-select'), 'validate loaded css-select for a journey without selectors');
});

test('validate of a scenario with a journey of its own (selectors, a URL) stays as light', async (t) => {
  const { code, urls } = await loadsOf(t, ['validate', 'scenarios/real-express-csrf.yaml']);
  t.is(code, EXIT.pass);
  t.true(packagesOf(urls).has('css-select'), 'its selectors were not checked');
  t.deepEqual(heavyIn(urls), []);
  t.false(packagesOf(urls).has('undici'), 'validate loaded undici');
});

for (const flag of ['--help', '--version']) {
  test(`${flag} loads no npm package and no other workspace package`, async (t) => {
    const { code, urls } = await loadsOf(t, [flag]);
    t.is(code, EXIT.pass);
    t.true(urls.some((u) => u.endsWith('/packages/cli/src/index.ts')));
    t.deepEqual([...packagesOf(urls)], []);
    t.deepEqual(
      urls.filter((u) => u.includes('/packages/') && !u.includes('/packages/cli/')),
      [],
    );
  });
}

test('journey against a URL loads the HTTP client, but no Docker, Redis, load generator or dashboard', async (t) => {
  await using target = await startBrokenTarget();
  const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-loads-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = await writeBrokenScenario(dir, target);
  const { code, urls } = await loadsOf(t, ['journey', file, '--target', target.url]);
  t.is(code, EXIT.pass);
  t.true(packagesOf(urls).has('undici'));
  t.deepEqual(heavyIn(urls), []);
});
