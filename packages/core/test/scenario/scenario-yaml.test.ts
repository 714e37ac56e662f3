import test from 'ava';
import { formatScenarioError, parseScenarioYaml } from '../../src/scenario/scenario-yaml.ts';
import { parseDuration } from '../../src/scenario/duration.ts';

const GOOD = `name: sticky-busiest-killed
description: Sticky cookie; the busiest node is killed. Expect fail (lost-session).
target:
  lab: { strategy: sticky, nodes: 3 }
load: { users: 30, duration: 30s, think: 200ms }
faults:
  - { id: kill-busiest, action: kill, target: app, select: busiest, at: 10s, duration: 8s }
gate:
  - { finding: lost-session, max: 0 }
  - { finding: unauthorized-spike, maxRate: 0.01, scope: steady }
  - { latency: p99, max: 800ms }
  - { errorRate: 0.02, scope: steady }
check: { afterFault: 5s, windowMs: 2000 }
expect: { verdict: fail, findings: [lost-session] }
`;

test('a valid scenario resolves: durations to ms, role shorthand, gate forms, checker options', (t) => {
  const r = parseScenarioYaml(GOOD, 'x.yaml');
  if (!r.ok) return t.fail(r.errors.map(formatScenarioError).join('\n'));
  const s = r.scenario;
  t.deepEqual(s.target, { kind: 'lab', lab: { strategy: 'sticky', nodes: 3 } });
  t.deepEqual(s.load, {
    model: 'closed',
    vus: 30,
    thinkMs: 200,
    rampUpMs: 0,
    rampDownMs: 0,
    durationMs: 30_000,
  });
  t.deepEqual(s.faults, [
    {
      id: 'kill-busiest',
      action: 'kill',
      target: { role: 'app' },
      select: 'busiest',
      at: 10_000,
      duration: 8_000,
    },
  ]);
  t.deepEqual(s.thresholds, [
    { metric: 'finding', kind: 'lost-session', maxCount: 0 },
    { metric: 'finding', kind: 'unauthorized-spike', maxRate: 0.01, scope: 'steady' },
    { metric: 'latency', percentile: 99, maxMs: 800 },
    { metric: 'error-rate', max: 0.02, scope: 'steady' },
  ]);
  t.deepEqual(s.check, { loginPath: '/login', sessionCookie: 'sid', afterFaultMs: 5_000, windowMs: 2_000 });
  t.deepEqual(s.expect, { verdict: 'fail', findings: ['lost-session'] });
  t.is(s.probeEveryMs, 5_000);
});

test('every error at once, each with its line and the valid choices', (t) => {
  const bad = GOOD.replace('action: kill', 'action: kil')
    .replace('duration: 30s', 'duration: 30 seconds')
    .replace('finding: lost-session, max: 0', 'finding: lost-sesion, max: 0')
    .replace('check: { afterFault: 5s', 'check: { afterFalt: 5s')
    .replace('name: sticky', 'nmae: x\nname: sticky');
  const r = parseScenarioYaml(bad, 'scenarios/x.yaml');
  if (r.ok) return t.fail('should not resolve');
  const lines = r.errors.map(formatScenarioError);
  t.true(
    lines.includes(
      'scenarios/x.yaml:1: nmae: unknown field "nmae". Valid fields: name, description, target, load, faults, gate, check, probes, expect, seed',
    ),
    lines.join('\n'),
  );
  t.true(
    lines.some((l) =>
      l.startsWith(
        'scenarios/x.yaml:8: faults[0].action: unknown fault action "kil". Valid actions: kill, stop,',
      ),
    ),
    lines.join('\n'),
  );
  t.true(
    lines.some((l) => l.startsWith('scenarios/x.yaml:6: load.duration: "30 seconds" is not a duration')),
    lines.join('\n'),
  );
  t.true(
    lines.some((l) =>
      l.startsWith(
        'scenarios/x.yaml:10: gate[0].finding: "lost-sesion" is not allowed. Valid choices: lost-session,',
      ),
    ),
    lines.join('\n'),
  );
  t.true(
    lines.some((l) => l.startsWith('scenarios/x.yaml:14: check.afterFalt: unknown checker option')),
    lines.join('\n'),
  );
  t.is(r.errors.length, 5);
});

test('a YAML syntax error names its line', (t) => {
  const r = parseScenarioYaml('name: x\nload: { users: 3\n', 'y.yaml');
  t.false(r.ok);
  if (!r.ok) {
    t.is(r.errors[0]!.file, 'y.yaml');
    t.true(r.errors[0]!.message.startsWith('YAML:'));
    t.is(typeof r.errors[0]!.line, 'number');
  }
});

test('missing parts are reported at their parent, and lab roles are refused on a URL target', (t) => {
  const text = `name: ext
description: mine
target: { url: http://127.0.0.1:9, nodes: [http://127.0.0.1:10, http://127.0.0.1:11] }
load: { users: 5 }
faults:
  - { id: k, action: kill, target: redis-primary, at: 1s }
`;
  const r = parseScenarioYaml(text, 'e.yaml');
  if (r.ok) return t.fail('should not resolve');
  const lines = r.errors.map(formatScenarioError);
  t.true(
    lines.some((l) => l.startsWith('e.yaml:4: load: needs duration or iterations')),
    lines.join('\n'),
  );
  t.true(
    lines.some((l) =>
      l.startsWith('e.yaml:6: faults[0].target.role: role "redis-primary" exists only on the lab'),
    ),
    lines.join('\n'),
  );
});

test('a fault without an id is named for its action and place; a bad id is still refused', (t) => {
  const text = GOOD.replace(
    '  - { id: kill-busiest, action: kill, target: app, select: busiest, at: 10s, duration: 8s }',
    '  - { action: kill, target: app, at: 10s }\n  - { action: pause, target: app, at: 12s, duration: 1s }',
  );
  const r = parseScenarioYaml(text, 'ids.yaml');
  if (!r.ok) return t.fail(r.errors.map(formatScenarioError).join('\n'));
  t.deepEqual(
    r.scenario.faults.map((f) => f.id),
    ['kill-1', 'pause-2'],
  );
  const bad = parseScenarioYaml(GOOD.replace('id: kill-busiest', 'id: "kill busiest"'), 'ids.yaml');
  if (bad.ok) return t.fail('should not resolve');
  t.regex(formatScenarioError(bad.errors[0]!), /^ids\.yaml:7: faults\[0\]\.id: id "kill busiest" must be/);
});

test('a fault that would start after the load has ended is an error, with the fix', (t) => {
  const r = parseScenarioYaml(GOOD.replace('at: 10s', 'at: 45s'), 'late.yaml');
  if (r.ok) return t.fail('should not resolve');
  t.deepEqual(r.errors.map(formatScenarioError), [
    'late.yaml:7: faults[0].at: starts at 45s, when the load has ended (30s): it would never run. ' +
      'Start it earlier, or lengthen load.duration (or --duration)',
  ]);
  t.true(parseScenarioYaml(GOOD, 'ok.yaml', { durationMs: 60_000 }).ok);
  t.false(parseScenarioYaml(GOOD, 'short.yaml', { durationMs: 5_000 }).ok);
});

test('command-line overrides: --target turns a lab scenario into a URL one, --users, --duration, --seed', (t) => {
  const text = GOOD.replace(/faults:\n.*\n/, '');
  const r = parseScenarioYaml(text, 'x.yaml', {
    target: 'http://127.0.0.1:8080',
    users: 7,
    durationMs: 5_000,
    seed: 42,
  });
  if (!r.ok) return t.fail(r.errors.map(formatScenarioError).join('\n'));
  t.deepEqual(r.scenario.target, {
    kind: 'url',
    url: 'http://127.0.0.1:8080',
    nodeUrls: [],
    nodeCount: undefined,
  });
  t.like(r.scenario.load, { vus: 7, durationMs: 5_000 });
  t.is(r.scenario.seed, 42);
});

test('exec faults need --allow-exec, and say so', (t) => {
  const text = `name: ext
description: mine
target: { url: http://127.0.0.1:9 }
load: { users: 2, duration: 2s }
faults:
  - { id: hook, action: exec, at: 1s, duration: 1s, params: { command: "true", healCommand: "true", timeout: 5s } }
`;
  const denied = parseScenarioYaml(text, 'e.yaml');
  t.false(denied.ok);
  if (!denied.ok) t.regex(formatScenarioError(denied.errors[0]!), /^e\.yaml:6: faults\[0\]: .*--allow-exec/);
  const allowed = parseScenarioYaml(text, 'e.yaml', {}, { exec: true });
  if (!allowed.ok) return t.fail(allowed.errors.map(formatScenarioError).join('\n'));
  t.deepEqual(allowed.scenario.faults[0]!.params, { command: 'true', healCommand: 'true', timeoutMs: 5_000 });
});

test('an exec fault may name a confirm command and its timeout; any fault may say required: false', (t) => {
  const text = `name: ext
description: mine
target: { url: http://127.0.0.1:9 }
load: { users: 2, duration: 3s }
faults:
  - { id: hook, action: exec, at: 1s, required: false, params: { command: "true", confirm: "test -e /tmp/x", confirmTimeout: 2s } }
  - { id: k, action: kill, target: { container: web }, at: 2s, required: yes-please, params: { confirm: "true" } }
`;
  const r = parseScenarioYaml(text, 'c.yaml', {}, { exec: true, external: true });
  if (r.ok) return t.fail('should not resolve');
  t.deepEqual(r.errors.map(formatScenarioError), [
    'c.yaml:7: faults[1].required: required must be true or false, got "yes-please"',
    'c.yaml:7: faults[1].params.confirm: confirm is a param of exec, not of kill',
  ]);
  const good = parseScenarioYaml(
    text.split('\n').slice(0, 6).join('\n') + '\n',
    'c.yaml',
    {},
    { exec: true },
  );
  if (!good.ok) return t.fail(good.errors.map(formatScenarioError).join('\n'));
  const f = good.scenario.faults[0]!;
  t.false(f.required);
  t.deepEqual(f.params, { command: 'true', confirm: 'test -e /tmp/x', confirmTimeoutMs: 2_000 });
});

test('durations', (t) => {
  t.is(parseDuration('1.5s'), 1_500);
  t.is(parseDuration('2m'), 120_000);
  t.is(parseDuration(250), 250);
  t.is(parseDuration('250'), 250);
  t.deepEqual(parseDuration('soon'), {
    error: '"soon" is not a duration. Write a number of ms or a string like 500ms, 30s, 2m, 1h',
  });
});

test('check.minLoggedIn is a share: 0.5 resolves, 1.5 is refused with the range', (t) => {
  const half = parseScenarioYaml(
    GOOD.replace('windowMs: 2000', 'windowMs: 2000, minLoggedIn: 0.5'),
    'x.yaml',
  );
  if (!half.ok) return t.fail(half.errors.map(formatScenarioError).join('\n'));
  t.is(half.scenario.check.minLoggedIn, 0.5);
  const bad = parseScenarioYaml(GOOD.replace('windowMs: 2000', 'windowMs: 2000, minLoggedIn: 1.5'), 'x.yaml');
  if (bad.ok) return t.fail('should not resolve');
  t.deepEqual(bad.errors.map(formatScenarioError), [
    'x.yaml:13: check.minLoggedIn: 1.5 must be a number between 0 and 1',
  ]);
});

test('load.grace: how long requests in flight at the end may take, 0 to 60 s; absent, the run uses 2 s', (t) => {
  const r = parseScenarioYaml(GOOD.replace('think: 200ms }', 'think: 200ms, grace: 500ms }'), 'x.yaml');
  if (!r.ok) return t.fail(r.errors.map(formatScenarioError).join('\n'));
  t.is(r.scenario.load.graceMs, 500);
  const plain = parseScenarioYaml(GOOD, 'x.yaml');
  t.true(plain.ok && plain.scenario.load.graceMs === undefined);
  const long = parseScenarioYaml(GOOD.replace('think: 200ms }', 'think: 200ms, grace: 2m }'), 'x.yaml');
  if (long.ok) return t.fail('a grace of 2 minutes should not resolve');
  t.deepEqual(
    long.errors.map((e) => e.path),
    ['load.grace'],
  );
  t.regex(formatScenarioError(long.errors[0]!), /^x\.yaml:5: load\.grace: /);
});
