import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// packages/core decides and never touches the world: no sockets, files, processes, containers,
// Redis or terminal. Enforced here rather than by memory.
const forbiddenInCore = [
  'node:net',
  'node:http',
  'node:https',
  'node:http2',
  'node:fs',
  'node:fs/promises',
  'node:child_process',
  'node:dgram',
  'node:tls',
  'undici',
  'testcontainers',
  'ioredis',
  'ink',
  'dockerode',
  'autocannon',
  'tough-cookie',
];

export default tseslint.config(
  // test/fixtures/lint-rules/ breaks the import rules on purpose (test/lint-rules.test.ts).
  { ignores: ['**/dist/**', '**/node_modules/**', 'reports/**', '**/*.d.ts', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Small files a reader can hold: no source file over 300 lines (issue 26). Lines as `wc -l`
    // counts them, blank lines and comments included: the doc comments this project asks for are
    // part of what a reader reads, and skipping them would let a file grow past the limit unseen.
    // Source only: tests, benches and scripts hold tables and fixtures that read best in one place.
    // Over the limit? Split the file along its seams into files named for what they hold.
    files: ['packages/*/src/**/*.{ts,tsx}'],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    files: ['packages/core/**/*.ts'],
    // scripts/ is build tooling that writes core's generated files (the JSON Schema), not the pure library.
    ignores: ['packages/core/scripts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbiddenInCore.map((name) => ({
            name,
            message: 'packages/core is pure: do I/O in traffic, faults, lab, report or cli and pass data in.',
          })),
          patterns: [
            {
              group: [
                'fs',
                'net',
                'http',
                'https',
                'child_process',
                'node:fs/*',
                '@sessionchaos/*',
                '!@sessionchaos/core',
              ],
              message: 'packages/core is pure and imports no other workspace package or I/O module.',
            },
          ],
        },
      ],
    },
  },
);
