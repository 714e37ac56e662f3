import base from './ava.config.js';

// The quick run: everything but the tests tagged as needing Docker (*.docker.test.ts)
// or as slow (*.slow.test.ts). CI runs them all.
export default {
  ...base,
  files: [...base.files, '!**/*.docker.test.ts', '!**/*.slow.test.ts'],
};
