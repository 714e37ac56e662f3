// The package layering and the ban on import cycles, checked by `pnpm lint` (`pnpm lint:imports`).
// ESLint sees one file at a time; a cycle or a package reaching past core is a property of the
// graph, so dependency-cruiser walks it. test/lint-rules.test.ts runs this file on the fixtures of
// test/fixtures/lint-rules/ to show each rule fails on what it forbids and passes a clean tree.
//
// Paths are relative to the directory depcruise runs in (the repository root; the fixtures' copy in
// the test). A workspace import resolves to `packages/<name>/src/index.ts` through the
// `@sessionchaos/source` condition; one that cannot resolve (a package not declared as a
// dependency, a fixture) keeps its name `@sessionchaos/<name>`: each rule matches both forms.

/** Modules that touch the world: core decides and never does I/O (eslint.config.js lists the same for core). */
const ioModules = [
  // node built-ins, with or without the node: prefix
  '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|tls|cluster|worker_threads)$',
  // npm packages of the I/O packages (traffic, faults, lab, dashboard), resolved or not
  '(^|/node_modules/)(undici|testcontainers|ioredis|ink|ink-[a-z-]*|react|dockerode|autocannon|tough-cookie)(/|$)',
];

/** The workspace packages other than core, as resolved paths or unresolved names. */
const otherWorkspacePackage = '^(packages/(?!core/)[^/]+/|@sessionchaos/(?!core$))';

export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle, type imports included (tsPreCompilationDeps): files in a cycle cannot be read or moved apart. ' +
        'Move what both sides need (usually a type) to a small file of its own, named for what it holds.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-no-other-package',
      severity: 'error',
      comment:
        'packages/core is the bottom layer: it imports no other workspace package. Move the code the import ' +
        'needs into core, or move this code out of core into the package that owns it.',
      from: { path: '^packages/core/src/' },
      to: { path: otherWorkspacePackage },
    },
    {
      name: 'core-does-no-io',
      severity: 'error',
      comment:
        'packages/core is pure: no sockets, files, processes, containers, Redis or terminal. Do the I/O in ' +
        'traffic, faults, lab, report or cli and pass the data in.',
      from: { path: '^packages/core/src/' },
      to: { path: ioModules },
    },
    {
      name: 'package-imports-only-core',
      severity: 'error',
      comment:
        'traffic, faults, lab, dashboard and report each import only core among the workspace packages: ' +
        'only cli composes them. Pass what is needed in from cli, or move the shared code into core.',
      from: { path: '^packages/(traffic|faults|lab|dashboard|report)/src/' },
      to: {
        path: '^(packages/|@sessionchaos/)',
        pathNot: '^(packages/(core|$1)/|@sessionchaos/(core|$1)$)',
      },
    },
    {
      name: 'src-imports-no-testkit',
      severity: 'error',
      comment:
        'testkit is a development dependency: a published package that imports it fails at run time. ' +
        'Import it from tests and benches only.',
      from: { path: '^packages/(?!testkit/)[^/]+/src/' },
      to: { path: '^(packages/testkit/|@sessionchaos/testkit$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Fixtures break the rules on purpose; test/lint-rules.test.ts checks them on a copy.
    exclude: { path: ['(^|/)node_modules/', '(^|/)dist/', '\\.d\\.ts$', '^test/fixtures/'] },
    // Parse TypeScript with the compiler before types are erased, so `import type` edges count.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@sessionchaos/source', 'import', 'types', 'default', 'node'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
