import test from 'ava';
import { labSpecFieldErrors, validateLabSpec, type LabSpec } from '../src/index.ts';

const errorsOf = (spec: unknown): string[] => {
  const result = validateLabSpec(spec as LabSpec);
  return result.ok ? [] : result.errors;
};

test('defaults: 3 round-robin nodes, sticky by cookie for the sticky strategy, no Redis for memory', (t) => {
  const memory = validateLabSpec({ strategy: 'memory' });
  if (!memory.ok) return t.fail(memory.errors.join('; '));
  t.is(memory.spec.nodes, 3);
  t.is(memory.spec.sticky, 'none');
  t.is(memory.spec.redis, null);
  t.deepEqual(memory.spec.health, { interMs: 500, fall: 2, rise: 1 });
  const sticky = validateLabSpec({ strategy: 'sticky' });
  t.true(sticky.ok && sticky.spec.sticky === 'cookie');
});

test('redis with sentinel gets one replica and lab-friendly Sentinel timings by default', (t) => {
  const result = validateLabSpec({ strategy: 'redis', redis: { topology: 'sentinel' } });
  if (!result.ok) return t.fail(result.errors.join('; '));
  t.deepEqual(result.spec.redis, {
    topology: 'sentinel',
    replicas: 1,
    downAfterMs: 1000,
    failoverTimeoutMs: 5000,
  });
});

test('jwt uses Redis only with revocation on', (t) => {
  const plain = validateLabSpec({ strategy: 'jwt' });
  t.true(plain.ok && plain.spec.redis === null);
  const revocable = validateLabSpec({ strategy: 'jwt', jwt: { revocation: true } });
  t.true(revocable.ok && revocable.spec.redis?.topology === 'single');
});

test('asynchronous replication with a lag', (t) => {
  const result = validateLabSpec({
    strategy: 'replicated',
    replication: { mode: 'primary-backup', sync: false, lagMs: 200 },
  });
  if (!result.ok) return t.fail(result.errors.join('; '));
  t.deepEqual(result.spec.replication, { mode: 'primary-backup', sync: false, lagMs: 200 });
});

test('every error at once, each naming the valid choices', (t) => {
  const errors = errorsOf({ strategy: 'cassandra', nodes: 0, sticky: 'ip', images: 'cloud' });
  t.is(errors.length, 4);
  t.true(
    errors.some(
      (e) =>
        e.includes('"cassandra"') && e.includes('memory, sticky, replicated, redis, jwt, tomcat, memcached'),
    ),
  );
  t.true(errors.some((e) => e.startsWith('nodes must be a whole number between 1 and 16')));
  t.true(errors.some((e) => e.includes('"ip"') && e.includes('none, cookie, source')));
  t.true(errors.some((e) => e.includes('"cloud"') && e.includes('official, assembled, auto')));
});

test('a topology the strategy cannot use is refused', (t) => {
  const errors = errorsOf({
    strategy: 'memory',
    redis: { topology: 'sentinel' },
    replication: { mode: 'all-to-all' },
  });
  t.is(errors.length, 2);
  t.regex(errors[0] ?? '', /replication settings apply only to strategy "replicated"/);
  t.regex(errors[1] ?? '', /strategy "memory" uses no Redis.*Strategies that use Redis: redis, jwt/);
  t.deepEqual(
    errorsOf({ strategy: 'jwt', redis: { topology: 'single' } }).length,
    1,
    'jwt without revocation has no Redis',
  );
  t.regex(
    errorsOf({ strategy: 'redis', redis: { topology: 'cluster' } })[0] ?? '',
    /Valid redis topologies: single, sentinel/,
  );
  t.regex(
    errorsOf({ strategy: 'redis', redis: { topology: 'sentinel', replicas: 0 } })[0] ?? '',
    /at least 1 replica/,
  );
  t.regex(errorsOf({ strategy: 'sticky', sticky: 'none' })[0] ?? '', /needs sticky "cookie" or "source"/);
  t.regex(
    errorsOf({ strategy: 'replicated', nodes: 1, replication: { mode: 'primary-backup' } })[0] ?? '',
    /at least 2 nodes/,
  );
  t.regex(
    errorsOf({ strategy: 'replicated', replication: { sync: true, lagMs: 5 } })[0] ?? '',
    /only to asynchronous/,
  );
});

test('nodes must be a whole number', (t) => {
  t.is(errorsOf({ strategy: 'memory', nodes: 2.5 }).length, 1);
  t.is(errorsOf({ strategy: 'memory', nodes: 1 }).length, 0);
});

test('unknown fields at any level of a lab spec are named with the valid ones; known ones pass', (t) => {
  t.deepEqual(
    labSpecFieldErrors({ strategy: 'sticky', stickey: 'source', health: { inter: 5 }, jwt: 'yes' }),
    [
      {
        path: 'stickey',
        message:
          'unknown field "stickey". Valid fields: strategy, nodes, sticky, replication, redis, jwt, tomcat, balancer, health, images',
      },
      { path: 'jwt', message: 'must be an object with: revocation' },
      { path: 'health.inter', message: 'unknown field "inter". Valid fields: interMs, fall, rise' },
    ],
  );
  t.deepEqual(
    labSpecFieldErrors({
      strategy: 'replicated',
      nodes: 3,
      replication: { mode: 'primary-backup', sync: false, lagMs: 5 },
      health: { interMs: 100, fall: 1, rise: 1 },
    }),
    [],
  );
});

test('tomcat: DeltaManager, asynchronous (Tomcat defaults), behind a sticky cookie by default', (t) => {
  const result = validateLabSpec({ strategy: 'tomcat' });
  if (!result.ok) return t.fail(result.errors.join('; '));
  t.deepEqual(result.spec.tomcat, { replication: 'delta', sync: false });
  t.is(result.spec.sticky, 'cookie');
  t.is(result.spec.redis, null);
  const roundRobin = validateLabSpec({
    strategy: 'tomcat',
    sticky: 'none',
    tomcat: { replication: 'backup', sync: true },
  });
  if (!roundRobin.ok) return t.fail(roundRobin.errors.join('; '));
  t.deepEqual(roundRobin.spec.tomcat, { replication: 'backup', sync: true });
  t.is(roundRobin.spec.sticky, 'none');
  const memory = validateLabSpec({ strategy: 'memory' });
  t.true(memory.ok && memory.spec.tomcat === null);
});

test('tomcat settings: only on the tomcat strategy, a known manager, backup needs two nodes', (t) => {
  t.deepEqual(errorsOf({ strategy: 'redis', tomcat: { replication: 'delta' } }), [
    'tomcat settings apply only to strategy "tomcat" (got strategy "redis")',
  ]);
  const errors = errorsOf({ strategy: 'tomcat', nodes: 1, tomcat: { replication: 'all', sync: 'yes' } });
  t.true(errors.some((e) => e.includes('"all"') && e.includes('delta, backup')));
  t.true(errors.includes('tomcat sync must be true or false'));
  t.deepEqual(errorsOf({ strategy: 'tomcat', nodes: 1, tomcat: { replication: 'backup' } }), [
    'tomcat replication "backup" needs at least 2 nodes',
  ]);
  t.deepEqual(errorsOf({ strategy: 'tomcat', nodes: 1 }), []);
});

test('balancer: haproxy by default, nginx on request, anything else refused with the choices', (t) => {
  const plain = validateLabSpec({ strategy: 'memory' });
  t.true(plain.ok && plain.spec.balancer === 'haproxy');
  const nginx = validateLabSpec({ strategy: 'sticky', sticky: 'source', balancer: 'nginx' });
  t.true(nginx.ok && nginx.spec.balancer === 'nginx' && nginx.spec.sticky === 'source');
  const errors = errorsOf({ strategy: 'memory', balancer: 'traefik' });
  t.is(errors.length, 1);
  t.true(errors[0]?.includes('"traefik"') && errors[0].includes('haproxy, nginx'));
});

test('memcached: a strategy of its own, with no Redis', (t) => {
  const result = validateLabSpec({ strategy: 'memcached' });
  if (!result.ok) return t.fail(result.errors.join('; '));
  t.is(result.spec.redis, null);
  t.is(result.spec.sticky, 'none');
  t.deepEqual(errorsOf({ strategy: 'memcached', redis: { topology: 'single' } }).length, 1);
});
