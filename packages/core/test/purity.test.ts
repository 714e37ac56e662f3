import test from 'ava';
import { ESLint } from 'eslint';

// The lint rule, not memory, keeps packages/core free of I/O: prove it fires.
const eslint = new ESLint();

test('lint rejects I/O imports in packages/core', async (t) => {
  for (const source of [
    "import { readFileSync } from 'node:fs';",
    "import { request } from 'undici';",
    "import Redis from 'ioredis';",
  ]) {
    const [result] = await eslint.lintText(`${source}\nexport const x = 1;\n`, {
      filePath: 'packages/core/src/probe.ts',
    });
    t.true(
      result!.messages.some((m) => m.ruleId === 'no-restricted-imports'),
      `expected no-restricted-imports for: ${source}`,
    );
  }
});

test('lint allows the same import outside packages/core', async (t) => {
  const [result] = await eslint.lintText(
    "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    {
      filePath: 'packages/report/src/probe.ts',
    },
  );
  t.deepEqual(
    result!.messages.filter((m) => m.ruleId === 'no-restricted-imports'),
    [],
  );
});
