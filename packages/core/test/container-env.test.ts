import test from 'ava';
import { applyContainerDefaults } from '../src/index.ts';

test('a local engine: reaper off and ports probed on 127.0.0.1', (t) => {
  const env: Record<string, string | undefined> = {};
  applyContainerDefaults(env);
  t.deepEqual(env, { TESTCONTAINERS_RYUK_DISABLED: 'true', TESTCONTAINERS_HOST_OVERRIDE: '127.0.0.1' });
  const unix: Record<string, string | undefined> = { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' };
  applyContainerDefaults(unix);
  t.is(unix['TESTCONTAINERS_HOST_OVERRIDE'], '127.0.0.1');
});

test('a remote engine keeps its own host, and what the user set is kept', (t) => {
  const remote: Record<string, string | undefined> = { DOCKER_HOST: 'tcp://docker.internal:2376' };
  applyContainerDefaults(remote);
  t.is(remote['TESTCONTAINERS_HOST_OVERRIDE'], undefined);
  const mine: Record<string, string | undefined> = {
    TESTCONTAINERS_RYUK_DISABLED: 'false',
    TESTCONTAINERS_HOST_OVERRIDE: '10.0.0.5',
  };
  applyContainerDefaults(mine);
  t.deepEqual(mine, { TESTCONTAINERS_RYUK_DISABLED: 'false', TESTCONTAINERS_HOST_OVERRIDE: '10.0.0.5' });
});
