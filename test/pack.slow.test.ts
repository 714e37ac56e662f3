import test from 'ava';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
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

const isCli = (tarball: string): boolean => /\/sessionchaos-\d/.test(tarball);
const LIBRARY = readdirSync(join(REPO_ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

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
        !(tarball.includes('sessionchaos-lab-') && /^package\/tomcat\/webapp\//.test(f)) &&
        // The scenario library, for `sessionchaos examples` and `init --example`.
        !(isCli(tarball) && /^package\/scenarios\/[\w-]+\.yaml$/.test(f)),
    );
    t.deepEqual(stray, [], tarball);
    t.true(files.includes('package/dist/src/index.js'), tarball);
    if (tarball.includes('sessionchaos-lab-'))
      t.true(files.includes('package/tomcat/webapp/login.jsp'), tarball);
  }
});

test('the sessionchaos tarball carries the README and the whole scenario library', async (t) => {
  const { tarballs } = await install();
  const cli = tarballs.find(isCli)!;
  const files = execFileSync('tar', ['tzf', cli], { encoding: 'utf8' }).trim().split('\n');
  t.true(files.includes('package/README.md'), files.join(', '));
  const readme = execFileSync('tar', ['xzf', cli, '-O', 'package/README.md'], { encoding: 'utf8' });
  t.is(readme, readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
  t.deepEqual(
    files
      .filter((f) => f.startsWith('package/scenarios/'))
      .map((f) => f.slice('package/scenarios/'.length))
      .sort(),
    LIBRARY,
  );
  // The copies made for the pack are removed again (postpack): the repository keeps one README and one library.
  t.false(existsSync(join(REPO_ROOT, 'packages/cli/README.md')));
  t.false(existsSync(join(REPO_ROOT, 'packages/cli/scenarios')));
});

test('npx sessionchaos examples lists the library the package installed', async (t) => {
  const p = await install();
  const { code, out, err } = await p.sessionchaos(['examples']);
  t.is(code, 0, err);
  const names = out
    .split('\n')
    .filter((l) => /^[a-z]/.test(l) && !l.startsWith('copy one'))
    .map((l) => l.split(/\s+/)[0]);
  t.deepEqual(
    names,
    LIBRARY.map((f) => f.slice(0, -'.yaml'.length)),
  );
  t.regex(out, /^memory-mismatch +The session mismatch itself/m);
});

test('npx sessionchaos init --example copies a lab scenario that validates from the installed packages; no overwrite; unknown name 64', async (t) => {
  const p = await install();
  const copied = await p.sessionchaos(['init', '--example', 'tomcat-delta-sync-node-killed']);
  t.is(copied.code, 0, copied.err);
  const file = join(p.dir, 'tomcat-delta-sync-node-killed.yaml');
  t.is(
    readFileSync(file, 'utf8'),
    readFileSync(join(REPO_ROOT, 'scenarios/tomcat-delta-sync-node-killed.yaml'), 'utf8'),
  );
  // Its lab is named by strategy (tomcat): the installed @sessionchaos/lab resolves it.
  const valid = await p.sessionchaos(['validate', 'tomcat-delta-sync-node-killed.yaml']);
  t.is(valid.code, 0, valid.err);
  t.regex(valid.out, /lab \(tomcat\)/);
  const again = await p.sessionchaos(['init', '--example', 'tomcat-delta-sync-node-killed']);
  t.is(again.code, 64);
  t.regex(again.err, /exists; pass --force/);
  const unknown = await p.sessionchaos(['init', '--example', 'nope', '--out', 'nope.yaml']);
  t.is(unknown.code, 64);
  t.regex(unknown.err, /no example named "nope"\. Valid names: external-target, .*memory-mismatch/);
  t.false(existsSync(join(p.dir, 'nope.yaml')));
});

test('every scenario the package ships validates where it was installed', async (t) => {
  const p = await install();
  const shipped = LIBRARY.map((f) => `node_modules/sessionchaos/scenarios/${f}`);
  const { code, out, err } = await p.sessionchaos(['validate', ...shipped]);
  t.is(code, 0, err);
  t.is(out.match(/: valid\./g)?.length, LIBRARY.length, out);
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
