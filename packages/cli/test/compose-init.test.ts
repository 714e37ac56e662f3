import test from 'ava';
import { parseScenarioYaml, formatScenarioError } from '@sessionchaos/core';
import type { ComposeContainer } from '@sessionchaos/faults';
import { guessComposeService, withComposeFaults } from '../src/init/compose-faults.ts';
import { writeScenario } from '../src/init/write-scenario.ts';

const c = (
  project: string,
  service: string,
  n: number,
  o: Partial<ComposeContainer> = {},
): ComposeContainer => ({
  id: `${service}${n}`.padEnd(64, '0'),
  name: `${project}_${service}_${n}`,
  hostname: `${service}${n}`.padEnd(12, '0'),
  project,
  service,
  image: `${service}:latest`,
  publishedPorts: [],
  ...o,
});

const shop = [
  c('shop', 'lb', 1, { image: 'haproxy:2.6', publishedPorts: [8080] }),
  c('shop', 'web', 1),
  c('shop', 'web', 2),
  c('shop', 'web', 3),
  c('shop', 'cache', 1, { image: 'redis:7' }),
  c('other', 'api', 1),
  c('other', 'api', 2),
];

test('the service the node header names is the app, whatever publishes the port', (t) => {
  const g = guessComposeService(shop, ['web200000000', 'web300000000'], 9999);
  t.like(g, { project: 'shop', service: 'web', replicas: 3, stores: ['cache'] });
  t.regex(g!.how, /node header names 2 of its containers/);
  // A hostname the user set, and a container name.
  t.like(guessComposeService(shop, ['other_api_2'], undefined), { project: 'other', service: 'api' });
});

test('without node names, the container publishing the port ties the URL to its project', (t) => {
  t.like(guessComposeService(shop, [], 8080), { project: 'shop', service: 'web', replicas: 3 });
  // The replicas themselves publish the port (no balancer): their own service.
  const direct = [c('p', 'app', 1, { publishedPorts: [3000] }), c('p', 'app', 2), c('p', 'db', 1)];
  t.like(guessComposeService(direct, [], 3000), { service: 'app', replicas: 2, stores: [] });
});

test('near-misses: no published port, a lone container behind the port, or only a store replicated', (t) => {
  t.is(guessComposeService(shop, [], 8081), undefined, 'the port is published by no container');
  t.is(guessComposeService(shop, [], undefined), undefined, 'a remote URL and no node names');
  t.is(guessComposeService(shop, ['app-9'], undefined), undefined, 'a node name no container has');
  const lone = [c('q', 'web', 1, { publishedPorts: [80] }), c('q', 'redis', 1), c('q', 'redis', 2)];
  t.is(guessComposeService(lone, [], 80), undefined, 'replicated Redis is not the app');
});

test('the scenario init writes gets the Compose faults in place of its template, and validates', (t) => {
  const base = writeScenario('shop', 'http://127.0.0.1:8080', 'user-1', 'secret', {
    loginPage: '/login',
    login: { method: 'POST', path: '/login', bodyType: 'form', body: { username: '{{username}}' } },
    loginNote: 'a form',
    loggedIn: true,
    whoami: { method: 'GET', path: '/api/me', identity: '$.user' },
    sessionCookie: 'sid',
    node: { header: 'x-served-by' },
    notes: [],
    missing: [],
  });
  const g = guessComposeService(shop, [], 8080)!;
  const text = withComposeFaults(base, g);
  t.notRegex(text, /^# faults:/m);
  t.regex(
    text,
    /^ {2}- \{ id: kill-busiest, action: kill, target: \{ compose: \{ project: shop, service: web \} \}, select: busiest/m,
  );
  t.regex(
    text,
    /^# {2}- \{ id: pause-cache, action: pause, target: \{ compose: \{ project: shop, service: cache \} \}/m,
  );
  const external = parseScenarioYaml(text, 'shop.yaml');
  t.false(external.ok, 'the fault needs --allow-external');
  const r = parseScenarioYaml(text, 'shop.yaml', {}, { external: true });
  if (!r.ok) return t.fail(r.errors.map(formatScenarioError).join('\n'));
  t.deepEqual(
    r.scenario.faults.map((f) => [f.id, f.target, f.select]),
    [['kill-busiest', { compose: { project: 'shop', service: 'web' } }, 'busiest']],
  );
});
