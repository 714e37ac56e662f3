// One ava run over every package's tests and the end-to-end tests in test/.
// Sources run as TypeScript under Node 24's own type stripping; the custom condition makes
// workspace packages resolve to their src/ instead of dist/.
// workerThreads off: autocannon skips its aggregation inside a worker thread.
export default {
  files: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
  extensions: ['ts'],
  nodeArguments: ['--conditions=@sessionchaos/source', '--disable-warning=ExperimentalWarning'],
  workerThreads: false,
  timeout: '3m',
};
