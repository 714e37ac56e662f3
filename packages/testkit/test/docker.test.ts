import test from 'ava';
import { LABELS } from '@sessionchaos/core';
import { NO_DOCKER_HINT, configureReaper, newRunId, projectLabels } from '../src/index.ts';

test('the reaper is off unless asked for, and an explicit choice is kept', (t) => {
  const env: NodeJS.ProcessEnv = {};
  configureReaper(env);
  t.is(env['TESTCONTAINERS_RYUK_DISABLED'], 'true');
  const kept: NodeJS.ProcessEnv = { TESTCONTAINERS_RYUK_DISABLED: 'false' };
  configureReaper(kept);
  t.is(kept['TESTCONTAINERS_RYUK_DISABLED'], 'false');
});

test('run ids are distinct and labels name the project and the run', (t) => {
  const a = newRunId();
  t.not(a, newRunId());
  t.deepEqual(projectLabels(a, { [LABELS.role]: 'app' }), {
    [LABELS.project]: 'sessionchaos',
    [LABELS.run]: a,
    [LABELS.role]: 'app',
  });
});

test('the no-engine message says how to start one and how to skip', (t) => {
  t.regex(NO_DOCKER_HINT, /dockerd/);
  t.regex(NO_DOCKER_HINT, /DOCKER_HOST/);
  t.regex(NO_DOCKER_HINT, /pnpm test:quick/);
});
