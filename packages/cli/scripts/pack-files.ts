// prepack / postpack of the `sessionchaos` package: `copy` puts the repository's README.md and its scenario
// library (scenarios/*.yaml) into packages/cli, where the tarball takes them from ("files" lists scenarios;
// npm always packs README.md); `clean` removes the copies again, so the repository keeps one of each.
// Both copies are in .gitignore, in case a pack stops between the two steps.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const repo = join(pkg, '..', '..');
const step = process.argv[2];

rmSync(join(pkg, 'scenarios'), { recursive: true, force: true });
rmSync(join(pkg, 'README.md'), { force: true });
if (step === 'copy') {
  copyFileSync(join(repo, 'README.md'), join(pkg, 'README.md'));
  mkdirSync(join(pkg, 'scenarios'));
  const library = readdirSync(join(repo, 'scenarios')).filter((f) => f.endsWith('.yaml'));
  for (const f of library) copyFileSync(join(repo, 'scenarios', f), join(pkg, 'scenarios', f));
  console.log(`packed with it: README.md and ${library.length} scenarios`);
} else if (step !== 'clean') {
  console.error('usage: node scripts/pack-files.ts copy|clean');
  process.exit(64);
}
