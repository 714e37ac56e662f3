import test from 'ava';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  installPacked,
  publishablePackages,
  REPO_ROOT,
  type PackedInstall,
} from './helpers/packed-install.ts';

// Packing, installing with npm and starting the CLI takes a minute on a shared machine: one install serves
// every test of this file, and its temporary project is removed at the end.
let installed: Promise<PackedInstall> | undefined;
const install = (): Promise<PackedInstall> => (installed ??= installPacked());
test.after.always(async () => {
  if (installed) (await installed).dispose();
});

const CLI_VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string }
).version;

test('the test-only packages are private, so a release never publishes them', (t) => {
  const names = publishablePackages().map((p) => p.name);
  t.deepEqual(names, [
    'sessionchaos',
    '@sessionchaos/core',
    '@sessionchaos/dashboard',
    '@sessionchaos/faults',
    '@sessionchaos/lab',
    '@sessionchaos/report',
    '@sessionchaos/traffic',
  ]);
  for (const manifest of ['packages/testkit/package.json', 'test/package.json'])
    t.true((JSON.parse(readFileSync(join(REPO_ROOT, manifest), 'utf8')) as { private?: boolean }).private);
});

test("every tarball ships what runs: compiled code, types, the bin, the schema, the lab's Tomcat webapp; no tests, sources or source maps", async (t) => {
  const { tarballs } = await install();
  t.is(tarballs.length, publishablePackages().length);
  for (const tarball of tarballs) {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    const stray = files.filter(
      (f) =>
        !/^package\/(package\.json|README\.md|CHANGELOG\.md|bin\/[\w-]+\.js|schema\/[\w.-]+\.json|dist\/src\/.+\.(js|d\.ts))$/.test(
          f,
        ) &&
        // The lab's Tomcat strategy copies this webapp into its image at run time.
        !(tarball.includes('sessionchaos-lab-') && /^package\/tomcat\/webapp\//.test(f)),
    );
    t.deepEqual(stray, [], tarball);
    t.true(files.includes('package/dist/src/index.js'), tarball);
    if (tarball.includes('sessionchaos-lab-'))
      t.true(files.includes('package/tomcat/webapp/login.jsp'), tarball);
  }
});

test('npx sessionchaos --version in a project that installed the tarballs with npm', async (t) => {
  const p = await install();
  const { code, out } = await p.sessionchaos(['--version']);
  t.is(code, 0);
  t.is(out, `${CLI_VERSION}\n`);
  // The workspace's testkit must not have come along as a dependency of what was installed.
  t.false(existsSync(join(p.dir, 'node_modules/@sessionchaos/testkit')));
});

test('npx sessionchaos validate accepts a library scenario and rejects a bad one with exit 64', async (t) => {
  const p = await install();
  copyFileSync(join(REPO_ROOT, 'scenarios/memory-mismatch.yaml'), join(p.dir, 'memory-mismatch.yaml'));
  copyFileSync(join(REPO_ROOT, 'packages/cli/test/fixtures/bad.yaml'), join(p.dir, 'bad.yaml'));
  const good = await p.sessionchaos(['validate', 'memory-mismatch.yaml']);
  t.is(good.code, 0, good.err);
  t.regex(good.out, /memory-mismatch\.yaml/);
  const bad = await p.sessionchaos(['validate', 'bad.yaml']);
  t.is(bad.code, 64);
  t.regex(bad.err, /unknown fault action "kil"/);
});

test('the scenario JSON Schema is installed with @sessionchaos/core, where the yaml-language-server line points', async (t) => {
  const p = await install();
  const installedSchema = join(p.dir, 'node_modules/@sessionchaos/core/schema/scenario.schema.json');
  t.is(
    readFileSync(installedSchema, 'utf8'),
    readFileSync(join(REPO_ROOT, 'packages/core/schema/scenario.schema.json'), 'utf8'),
  );
});
