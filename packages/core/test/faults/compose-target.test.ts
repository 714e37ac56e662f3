import test from 'ava';
import { formatScenarioError, parseScenarioYaml } from '../../src/index.ts';
import { composeReplicaName } from '../../src/faults/index.ts';

const scenario = (faults: string): string => `name: shop
description: a Compose project
target: { url: http://127.0.0.1:9 }
load: { users: 2, duration: 30s }
faults:
${faults}`;

test('a compose target resolves with its project, service and a partition from its peers or a service', (t) => {
  const r = parseScenarioYaml(
    scenario(`  - { id: k, action: kill, target: { compose: { project: shop, service: web } }, select: busiest, at: 2s }
  - { id: p, action: partition, target: { compose: { project: shop, service: web } }, at: 3s, duration: 2s, params: { from: redis } }
`),
    's.yaml',
    {},
    { external: true },
  );
  if (!r.ok) return t.fail(r.errors.map(formatScenarioError).join('\n'));
  t.deepEqual(r.scenario.faults[0]!.target, { compose: { project: 'shop', service: 'web' } });
  t.is(r.scenario.faults[0]!.select, 'busiest');
  t.is(r.scenario.faults[1]!.params?.from, 'redis');
});

test('a compose target needs --allow-external, both names, no stray key, and from only on its partition', (t) => {
  const text =
    scenario(`  - { id: a, action: kill, target: { compose: { project: shop, service: web } }, at: 1s }
  - { id: b, action: pause, target: { compose: { project: Shop, servce: redis } }, at: 1s }
  - { id: c, action: kill, target: { compose: { project: shop, service: web }, role: app }, at: 1s }
  - { id: d, action: loss, target: { compose: { project: shop, service: web } }, at: 1s, params: { lossPercent: 5, from: peers } }
`);
  const external = parseScenarioYaml(text, 's.yaml');
  if (external.ok) return t.fail('should not resolve');
  t.true(
    external.errors.some((e) => e.path === 'faults[0].target' && /--allow-external/.test(e.message)),
    'touching containers the project did not start is allowed per run',
  );
  const r = parseScenarioYaml(text, 's.yaml', {}, { external: true });
  if (r.ok) return t.fail('should not resolve');
  const lines = r.errors.map(formatScenarioError);
  t.true(
    lines.some((l) => /faults\[1\]\.target\.compose\.servce/.test(l)),
    lines.join('\n'),
  );
  t.true(lines.some((l) => /faults\[1\]\.target\.compose\.project: project must be/.test(l)));
  t.true(lines.some((l) => /faults\[1\]\.target\.compose\.service: service must be/.test(l)));
  t.true(lines.some((l) => /faults\[2\]\.target: give exactly one of .*target\.compose/.test(l)));
  t.true(lines.some((l) => /faults\[3\]\.params\.from: from is a param of partition, not of loss/.test(l)));
  t.false(
    lines.some((l) => l.includes('faults[0]')),
    'the good fault draws no error',
  );
});

test('a replica is named for its service and container number', (t) => {
  t.is(composeReplicaName('web', '2'), 'web-2');
  t.is(composeReplicaName('web', undefined), undefined);
  t.is(composeReplicaName('web', 'x'), undefined);
});
