import { parseScenarioYaml } from '@sessionchaos/core';
import test from 'ava';
import { externalNodesTarget, keyFault } from '../src/run/key-faults.ts';
import { sessionsOf } from '../src/run/lab-victims.ts';

const external = (faults: string): ReturnType<typeof parseScenarioYaml> =>
  parseScenarioYaml(
    [
      'name: mine',
      'description: my cluster',
      'target: { url: http://127.0.0.1:8080 }',
      'load: { users: 5, duration: 60s }',
      faults,
    ].join('\n'),
    'mine.yaml',
    {},
    { external: true, exec: true },
  );

test('on a URL target the node keys act on the containers of the first fault that names some', (t) => {
  const r = external(
    [
      'faults:',
      '  - { id: hook, action: exec, at: 5s, params: { command: "true" } }',
      '  - { id: web, action: pause, target: { label: "com.docker.compose.service=web" }, at: 50s }',
      '  - { id: db, action: kill, target: { container: shop-db-1 }, at: 55s }',
    ].join('\n'),
  );
  if (!r.ok) return t.fail(JSON.stringify(r.errors));
  const nodes = externalNodesTarget(r.scenario);
  t.deepEqual(nodes, { label: 'com.docker.compose.service=web' });
  const kill = keyFault('kill-busiest', 1, 12_345.6, nodes);
  t.deepEqual(kill.spec, {
    id: 'key-kill-busiest-1',
    action: 'kill',
    target: { label: 'com.docker.compose.service=web' },
    select: 'busiest',
    at: 12_346,
    duration: 10_000,
  });
  t.is(kill.key, 'key-kill-busiest-1#1');
  // Without such a fault there is nothing for the keys to act on.
  const hooks = external('faults:\n  - { id: hook, action: exec, at: 5s, params: { command: "true" } }');
  if (!hooks.ok) return t.fail(JSON.stringify(hooks.errors));
  t.is(externalNodesTarget(hooks.scenario), undefined);
});

test('on the lab the keys keep their roles', (t) => {
  t.deepEqual(keyFault('pause-node', 2, 0).spec.target, { role: 'app' });
  t.deepEqual(keyFault('kill-redis-primary', 3, 0, { label: 'a=b' }).spec.target, { role: 'redis-primary' });
});

test("busiest on a user's containers counts the sessions of the node each container is", (t) => {
  const live = new Map([
    ['web-1', 4],
    ['web-2', 9],
    ['4f9c2a1b7d3e', 6],
  ]);
  t.is(sessionsOf({ name: 'shop-web-2', containerId: 'aa' }, live), 9);
  t.is(sessionsOf({ name: 'shop-web-1', containerId: 'bb' }, live), 4);
  t.is(sessionsOf({ name: 'shop-web-3', containerId: '4f9c2a1b7d3e0011' }, live), 6);
  t.is(sessionsOf({ name: 'shop-db-1', containerId: 'cc' }, live), 0);
});

test('busiest on a Compose replica counts the sessions of the node its hostname or container name is', (t) => {
  const live = new Map([
    ['shop-web-1.internal', 2],
    ['9a8b7c6d5e4f', 7],
    ['shop_web_3', 5],
  ]);
  const replica = (n: number, aliases: string[]): Parameters<typeof sessionsOf>[0] => ({
    name: `web-${n}`,
    containerId: `0${n}`,
    aliases,
  });
  t.is(sessionsOf(replica(1, ['shop_web_1', 'shop-web-1.internal']), live), 2, 'a hostname the user set');
  t.is(sessionsOf(replica(2, ['shop_web_2', '9a8b7c6d5e4f']), live), 7, "Docker's default hostname");
  t.is(sessionsOf(replica(3, ['shop_web_3', 'c0ffee00c0ff']), live), 5, 'the container name');
  t.is(sessionsOf(replica(4, ['shop_web_4', 'c0ffee00c0ff']), live), 0, 'a replica no answer named');
});

test('a key of an action with required params injects with the params its registry entry gives', (t) => {
  const starve = keyFault('starve-node', 2, 1_000);
  t.deepEqual(starve.spec, {
    id: 'key-starve-node-2',
    action: 'cpu-stress',
    target: { role: 'app' },
    select: 'one',
    params: { cpus: 0.1 },
    at: 1_000,
    duration: 10_000,
  });
  t.throws(() => keyFault('heal-all', 1, 0), { message: '"heal-all" is not a fault command' });
});
