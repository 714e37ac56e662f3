import test from 'ava';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

// `pnpm lint` refuses a source file over 300 lines (eslint.config.js, max-lines), and only source:
// the same text under a test or a bench folder is not held to it.
const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: fileURLToPath(new URL('../eslint.config.js', import.meta.url)),
});

/** A file of `lines` lines as prettier writes them (each ending in a newline), every line counted. */
function fileOf(lines: number): string {
  let text = '';
  for (let i = 0; i < lines; i++) text += `export const line${i} = ${i};\n`;
  return text;
}

async function maxLinesErrors(text: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: `${root}/${filePath}` });
  return result!.messages.filter((m) => m.ruleId === 'max-lines').map((m) => m.message);
}

test('a source file of 301 lines fails lint with max-lines', async (t) => {
  const errors = await maxLinesErrors(fileOf(301), 'packages/x/src/too-long.ts');
  t.deepEqual(errors, ['File has too many lines (301). Maximum allowed is 300.']);
});

test('a source file of exactly 300 lines passes', async (t) => {
  t.deepEqual(await maxLinesErrors(fileOf(300), 'packages/x/src/just-fits.ts'), []);
});

test('blank lines and comments count: 300 lines of code with a comment and a blank line fail', async (t) => {
  const text = '// why this file exists\n\n' + fileOf(299);
  t.deepEqual(await maxLinesErrors(text, 'packages/x/src/commented.ts'), [
    'File has too many lines (301). Maximum allowed is 300.',
  ]);
});

test('tests, benches and scripts are not held to it', async (t) => {
  for (const path of [
    'packages/x/test/long.test.ts',
    'packages/x/bench/long.ts',
    'packages/x/scripts/long.ts',
  ])
    t.deepEqual(await maxLinesErrors(fileOf(400), path), [], path);
});
