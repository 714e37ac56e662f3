import test from 'ava';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT } from '../src/index.ts';
import { summaryOf } from '../src/scenario-library.ts';
import { cli } from './helpers/run-cli.ts';

const LIBRARY = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const NAMES = readdirSync(LIBRARY)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .sort();

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'sessionchaos-examples-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('examples lists every scenario of the library, one a line, with the first sentence of its description', async (t) => {
  const { code, out, err } = await cli('examples');
  t.is(code, EXIT.pass, err);
  const lines = out.split('\n').filter((l) => /^[a-z]/.test(l) && !l.startsWith('copy one'));
  t.deepEqual(
    lines.map((l) => l.split(/\s+/)[0]),
    NAMES,
  );
  t.true(NAMES.length >= 20, 'the library was not found');
  t.true(
    lines.includes(
      `${'sticky-source-hotspot'.padEnd(Math.max(...NAMES.map((n) => n.length)) + 2)}` +
        'Sticky sessions by source-IP hash on three nodes, with no fault',
    ),
    out,
  );
  t.regex(out, /sessionchaos init --example NAME/);
});

test('examples takes no argument: 64', async (t) => {
  const { code, err } = await cli('examples', 'memory');
  t.is(code, EXIT.usage);
  t.regex(err, /takes no arguments/);
});

test('a summary is the first sentence, not cut at a version number, and cut at a word when long', (t) => {
  t.is(summaryOf('Apache Tomcat 10.1 on one node. More here.'), 'Apache Tomcat 10.1 on one node');
  t.is(summaryOf('  Two\n  lines: joined.  '), 'Two lines: joined');
  t.is(summaryOf('one two three four five', 12), 'one two…');
  t.is(summaryOf('a clause, then (more words', 16), 'a clause, then…');
  t.is(summaryOf(undefined), '');
});

test('init --example copies the scenario unchanged to --out, and the copy validates', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'sub/mine.yaml');
  const { code, out, err } = await cli('init', '--example', 'memory-mismatch', '--out', file);
  t.is(code, EXIT.pass, err);
  t.is(readFileSync(file, 'utf8'), readFileSync(join(LIBRARY, 'memory-mismatch.yaml'), 'utf8'));
  t.regex(
    out,
    new RegExp(`wrote ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: The session mismatch itself`),
  );
  const valid = await cli('validate', file);
  t.is(valid.code, EXIT.pass, valid.err);
});

test('init --example refuses to overwrite an existing file unless --force', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'kept.yaml');
  writeFileSync(file, 'mine\n');
  const refused = await cli('init', '--example', 'jwt-logout', '--out', file);
  t.is(refused.code, EXIT.usage);
  t.regex(refused.err, /kept\.yaml exists; pass --force/);
  t.is(readFileSync(file, 'utf8'), 'mine\n');
  const forced = await cli('init', '--example', 'jwt-logout', '--out', file, '--force');
  t.is(forced.code, EXIT.pass, forced.err);
  t.is(readFileSync(file, 'utf8'), readFileSync(join(LIBRARY, 'jwt-logout.yaml'), 'utf8'));
});

test('init --example with an unknown name exits 64 naming every valid one and writes nothing', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'x.yaml');
  const { code, err } = await cli('init', '--example', 'memory-mismatsh', '--out', file);
  t.is(code, EXIT.usage);
  t.regex(err, /no example named "memory-mismatsh"/);
  for (const name of NAMES) t.true(err.includes(name), `${name} not named in: ${err}`);
  t.false(existsSync(file));
});
