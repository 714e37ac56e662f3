import test from 'ava';
import { EXIT } from '../src/index.ts';
import { cli } from './helpers/run-cli.ts';

test('lab without an action names the valid ones', async (t) => {
  const { code, err } = await cli('lab', 'start');
  t.is(code, EXIT.usage);
  t.regex(err, /unknown action "start"\. Valid actions: up, down, status\./);
});

test('lab up with a bad spec lists every error and the valid choices, before touching Docker', async (t) => {
  const { code, err } = await cli(
    'lab',
    'up',
    '--strategy',
    'cassandra',
    '--nodes',
    '0',
    '--redis',
    'sentinel',
  );
  t.is(code, EXIT.usage);
  t.regex(
    err,
    /strategy "cassandra" is unknown\. Valid strategies: memory, sticky, replicated, redis, jwt, tomcat, memcached/,
  );
  t.regex(err, /nodes must be a whole number between 1 and 16 \(got 0\)/);
});

test('lab up with an unknown flag prints the lab usage', async (t) => {
  const { code, err } = await cli('lab', 'up', '--colour');
  t.is(code, EXIT.usage);
  t.regex(err, /usage: sessionchaos lab up\|down\|status/);
});

test('lab up flags for the new strategies: tomcat replication and sync, memcached, the nginx balancer', async (t) => {
  const { specFromFlags } = await import('../src/commands/lab.ts');
  const flags = (over: Record<string, unknown>) =>
    specFromFlags({ strategy: 'memory', nodes: '3', ...over } as Parameters<typeof specFromFlags>[0]);
  t.deepEqual(flags({ strategy: 'tomcat', replication: 'backup', sync: true }), {
    strategy: 'tomcat',
    nodes: 3,
    tomcat: { replication: 'backup', sync: true },
  });
  t.deepEqual(flags({ strategy: 'tomcat' }), { strategy: 'tomcat', nodes: 3, tomcat: {} });
  t.deepEqual(flags({ strategy: 'memcached', balancer: 'nginx', sticky: 'source' }), {
    strategy: 'memcached',
    nodes: 3,
    sticky: 'source',
    balancer: 'nginx',
  });
  const { code, err } = await cli('lab', 'up', '--strategy', 'memory', '--balancer', 'envoy');
  t.is(code, EXIT.usage);
  t.regex(err, /balancer "envoy" is unknown\. Valid balancers: haproxy, nginx/);
});
