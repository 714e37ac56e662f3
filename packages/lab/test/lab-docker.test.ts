import test from 'ava';
import { LAB_LABEL, labLabels, noDockerError } from '../src/index.ts';

test('without a Docker engine the error names the socket and how to start one', (t) => {
  const error = noDockerError(new Error('connect ENOENT'), {});
  t.is(
    error.message,
    'could not start the lab - no Docker engine answered at /var/run/docker.sock. ' +
      'Start one (dockerd; Debian: apt-get install -y docker.io) or set DOCKER_HOST. (connect ENOENT)',
  );
  t.regex(
    noDockerError('x', { DOCKER_HOST: 'tcp://10.0.0.1:2375' }).message,
    /answered at tcp:\/\/10\.0\.0\.1:2375/,
  );
});

test('lab containers carry the project, run, lab and role labels', (t) => {
  t.deepEqual(labLabels('lab-1', 'app'), {
    'dev.sessionchaos.project': 'sessionchaos',
    'dev.sessionchaos.run': 'lab-1',
    [LAB_LABEL]: 'true',
    'dev.sessionchaos.role': 'app',
  });
});

test('a bad spec fails before any container starts, with every error', async (t) => {
  const { LabCluster } = await import('../src/index.ts');
  const error = t.throws(
    () => new LabCluster({ strategy: 'memory', nodes: 0, sticky: 'source' as const, redis: {} }),
  );
  t.regex(error?.message ?? '', /^invalid lab spec:\n {2}- nodes must be/);
  t.is(error?.message.split('\n  - ').length, 3);
});
