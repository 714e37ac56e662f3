import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

// The design document and the contribution guide name files and commands: each path must exist and
// each pnpm script must be one, or the next contributor follows a recipe into a file that moved.

const REPO = fileURLToPath(new URL('..', import.meta.url));
const DOCS = ['docs/ARCHITECTURE.md', 'CONTRIBUTING.md'];
// pnpm's own commands, which are not scripts of package.json.
const PNPM_COMMANDS = new Set(['exec', 'install', 'add', 'run', 'dlx']);

/** The text of every `code span` and fenced block line of a Markdown text. */
function codeSpans(markdown: string): string[] {
  const withoutFences = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
  return [...withoutFences.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
}

interface Repo {
  root: string;
  /** Top-level entries of the repository: a token starting with one of them is a path. */
  top: ReadonlySet<string>;
  /** Every `.ts` file name under packages/ and test/ (for a bare `drive.ts`). */
  tsNames: ReadonlySet<string>;
  /** Scripts of the root package.json, and of each workspace package by its name. */
  scripts: ReadonlySet<string>;
  packageScripts: ReadonlyMap<string, ReadonlySet<string>>;
}

function tsNamesUnder(dir: string, into: Set<string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) tsNamesUnder(path, into);
    else if (entry.name.endsWith('.ts')) into.add(entry.name);
  }
}

function scriptsOf(file: string): { name: string; scripts: Set<string> } {
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string; scripts?: Record<string, string> };
  return { name: pkg.name, scripts: new Set(Object.keys(pkg.scripts ?? {})) };
}

function loadRepo(root: string): Repo {
  const tsNames = new Set<string>();
  for (const dir of ['packages', 'test']) tsNamesUnder(join(root, dir), tsNames);
  const packageScripts = new Map<string, Set<string>>();
  for (const dir of readdirSync(join(root, 'packages'))) {
    const file = join(root, 'packages', dir, 'package.json');
    if (!existsSync(file)) continue;
    const { name, scripts } = scriptsOf(file);
    packageScripts.set(name, scripts);
  }
  return {
    root,
    top: new Set(readdirSync(root).filter((n) => n !== 'node_modules' && !n.startsWith('.'))),
    tsNames,
    scripts: scriptsOf(join(root, 'package.json')).scripts,
    packageScripts,
  };
}

/** Whether a path with a `*` in its last part matches a file of its directory. */
function globExists(root: string, path: string): boolean {
  const dir = join(root, dirname(path));
  if (!existsSync(dir)) return false;
  const pattern = new RegExp(`^${basename(path).split('*').map(escapeRegex).join('.*')}$`);
  return readdirSync(dir).some((name) => pattern.test(name));
}

function escapeRegex(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** The problems of one code span: paths that do not exist, pnpm scripts that are not scripts. */
function spanProblems(span: string, repo: Repo): string[] {
  const problems: string[] = [];
  const tokens = span.split(/\s+/).map((t) => t.replace(/[,;:)]+$/, '').replace(/^\(/, ''));
  tokens.forEach((token, i) => {
    const first = token.split('/')[0]!;
    if (token.includes('/') && repo.top.has(first)) {
      // A placeholder (`<kind>.ts`): the directory before it must exist.
      const placeholder = token.indexOf('<');
      if (placeholder !== -1) {
        const dir = token.slice(0, token.lastIndexOf('/', placeholder));
        if (!existsSync(join(repo.root, dir))) problems.push(`${token}: no directory ${dir}`);
      } else if (token.includes('*')) {
        if (!globExists(repo.root, token)) problems.push(`${token}: no file matches`);
      } else if (!existsSync(join(repo.root, token))) problems.push(`${token}: no such path`);
    } else if (/^[\w.-]+\.ts$/.test(token) && !repo.tsNames.has(token) && !token.includes('*'))
      problems.push(`${token}: no such file under packages/ or test/`);
    if (token !== 'pnpm' || i + 1 >= tokens.length) return;
    const next = tokens[i + 1]!;
    if (next === '--filter') {
      const [name, script] = [tokens[i + 2], tokens[i + 3]];
      const scripts = name === undefined ? undefined : repo.packageScripts.get(name);
      if (!scripts) problems.push(`pnpm --filter ${name}: no workspace package of that name`);
      else if (script === undefined || !scripts.has(script))
        problems.push(`pnpm --filter ${name} ${script}: not a script of ${name}`);
    } else if (!PNPM_COMMANDS.has(next) && !repo.scripts.has(next))
      problems.push(`pnpm ${next}: not a script of package.json`);
  });
  return problems;
}

/** Every problem of a Markdown text. */
function docProblems(markdown: string, repo: Repo): string[] {
  return codeSpans(markdown).flatMap((span) => spanProblems(span, repo));
}

const repo = loadRepo(REPO);

for (const doc of DOCS) {
  test(`every path and pnpm script named in ${doc} exists`, (t) => {
    const text = readFileSync(join(REPO, doc), 'utf8');
    t.deepEqual(docProblems(text, repo), []);
  });
}

test('the docs name enough paths and commands for the check to mean something', (t) => {
  const spans = DOCS.flatMap((doc) => codeSpans(readFileSync(join(REPO, doc), 'utf8')));
  const paths = spans.filter((s) => /^(packages|test|scenarios|scripts|docs)\//.test(s));
  const commands = spans.filter((s) => /\bpnpm \S/.test(s));
  t.true(paths.length >= 60, `only ${paths.length} paths`);
  t.true(commands.length >= 8, `only ${commands.length} commands`);
});

test('the check flags a moved file, a missing directory, an unknown script and an unknown package', (t) => {
  const text = [
    'See `packages/core/src/checkers/no-such-checker.ts` and `drive-nowhere.ts`.',
    'Add `packages/core/src/nowhere/<kind>.ts`; tests in `packages/lab/test/*.nothing.test.ts`.',
    'Run `scripts/dev pnpm frobnicate` and `scripts/dev pnpm --filter @sessionchaos/core nope`,',
    'then `pnpm --filter @sessionchaos/nothing schema`.',
  ].join('\n');
  t.deepEqual(docProblems(text, repo), [
    'packages/core/src/checkers/no-such-checker.ts: no such path',
    'drive-nowhere.ts: no such file under packages/ or test/',
    'packages/core/src/nowhere/<kind>.ts: no directory packages/core/src/nowhere',
    'packages/lab/test/*.nothing.test.ts: no file matches',
    'pnpm frobnicate: not a script of package.json',
    'pnpm --filter @sessionchaos/core nope: not a script of @sessionchaos/core',
    'pnpm --filter @sessionchaos/nothing: no workspace package of that name',
  ]);
});

test('the check accepts what exists: a path, a glob, a placeholder, a root and a package script', (t) => {
  const text = [
    '`packages/cli/src/run/run.ts`, `drive.ts`, `packages/lab/test/*.docker.test.ts`,',
    '`scenarios/<strategy>-<fault>.yaml`, `scripts/dev pnpm exec ava test/docs.test.ts`,',
    '`scripts/dev pnpm typecheck`, `scripts/dev pnpm --filter @sessionchaos/core schema`,',
    'and names that are not paths: `@sessionchaos/core`, `node:fs`, `history.ndjson`.',
  ].join('\n');
  t.deepEqual(docProblems(text, repo), []);
});

test('the README links the design document and the contribution guide', (t) => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  for (const doc of DOCS) t.true(readme.includes(`](${doc})`), `README.md does not link ${doc}`);
  t.false(
    readme.includes("of the project's shared documents"),
    'README.md still sends readers outside the repository',
  );
});
