import test from 'ava';
import { parseDuration } from '../../src/scenario/duration.ts';
import { LIMITS } from '../../src/scenario/limits.ts';
import { formatScenarioError, parseScenarioYaml } from '../../src/scenario/scenario-yaml.ts';

/** A valid lab scenario whose load line and extra lines a test replaces. */
function scenario(load = '{ users: 5, duration: 30s }', extra = ''): string {
  return `name: limits\ndescription: bounds\ntarget: { lab: { strategy: memory } }\nload: ${load}\n${extra}`;
}

function errorsOf(text: string): string[] {
  const r = parseScenarioYaml(text, 'x.yaml');
  return r.ok ? [] : r.errors.map(formatScenarioError);
}

test('a 24 h run is valid and kept to the millisecond; 1000h is refused with the valid range', (t) => {
  const day = parseScenarioYaml(scenario('{ users: 5, duration: 24h }'), 'x.yaml');
  if (!day.ok) return t.fail(day.errors.map(formatScenarioError).join('\n'));
  t.is(day.scenario.load.durationMs, 86_400_000);
  t.deepEqual(errorsOf(scenario('{ users: 5, duration: 1000h }')), [
    'x.yaml:4: load.duration: "1000h" is too long: a duration must be between 0 and 7d (604800000 ms)',
  ]);
  // The longest allowed duration still fits a Node timer (2^31 - 1 ms), with room for a fault's end.
  t.true(LIMITS.maxDurationMs * 2 < 2 ** 31 - 1);
  t.is(parseDuration('7d'), LIMITS.maxDurationMs);
  t.true(typeof parseDuration(LIMITS.maxDurationMs + 1) === 'object');
  t.true(typeof parseDuration('1e20') === 'object');
});

test('users, iterations and rates have a range, and the message names it', (t) => {
  t.deepEqual(errorsOf(scenario('{ users: 1000000000000, duration: 30s }')), [
    'x.yaml:4: load.users: 1000000000000 must be a whole number between 1 and 100000',
  ]);
  t.deepEqual(errorsOf(scenario('{ users: 2.5, duration: 30s }')), [
    'x.yaml:4: load.users: 2.5 must be a whole number between 1 and 100000',
  ]);
  t.deepEqual(errorsOf(scenario('{ users: 5, iterations: 0 }')), [
    'x.yaml:4: load.iterations: 0 must be a whole number between 1 and 1000000000',
  ]);
  t.deepEqual(errorsOf(scenario('{ model: open, rate: 1000000, maxUsers: 10, duration: 30s }')), [
    'x.yaml:4: load.rate: 1000000 must be a number between 0.001 and 100000',
  ]);
  t.deepEqual(errorsOf(scenario('{ model: open, rate: 10, maxUsers: 0, duration: 30s }')), [
    'x.yaml:4: load.maxUsers: 0 must be a whole number between 1 and 100000',
  ]);
  // The edges themselves are valid.
  t.deepEqual(errorsOf(scenario('{ users: 100000, duration: 7d }')), []);
  t.deepEqual(errorsOf(scenario('{ model: open, rate: 0.001, maxUsers: 1, duration: 1ms }')), []);
});

test('probe intervals, seeds and fault repeats have a range; 0 and 1e20 are refused, not rounded', (t) => {
  t.deepEqual(errorsOf(scenario(undefined, 'probes: { every: 0 }\n')), [
    'x.yaml:5: probes.every: 0 must be between 100ms and 1h, or false for no probes',
  ]);
  t.deepEqual(errorsOf(scenario(undefined, 'probes: { every: 2h }\n')), [
    'x.yaml:5: probes.every: "2h" must be between 100ms and 1h, or false for no probes',
  ]);
  t.deepEqual(errorsOf(scenario(undefined, 'probes: { every: false }\n')), []);
  t.deepEqual(errorsOf(scenario(undefined, 'seed: 100000000000000000000\n')), [
    'x.yaml:5: seed: 100000000000000000000 must be a whole number between 0 and 4294967295',
  ]);
  t.deepEqual(errorsOf(scenario(undefined, 'seed: 4294967295\n')), []);
  t.deepEqual(
    errorsOf(
      scenario(undefined, 'faults:\n  - { action: pause, target: app, at: 1s, duration: 1ms, every: 2ms }\n'),
    ),
    ['x.yaml:6: faults[0].every: every must be at least 1s (and at most 7d), got 2 ms'],
  );
  t.deepEqual(
    errorsOf(
      scenario(undefined, 'faults:\n  - { action: kill, target: app, at: 1s, every: 2s, times: 1000000 }\n'),
    ),
    ['x.yaml:6: faults[0].times: times must be a whole number between 1 and 100000'],
  );
});

test('target.nodes takes a count in range or http(s) URLs, never a file or a word', (t) => {
  const url = (nodes: string): string =>
    `name: n\ndescription: d\ntarget: { url: "http://127.0.0.1:8080", nodes: ${nodes} }\nload: { users: 1, duration: 1s }\n`;
  t.deepEqual(errorsOf(url('["file:///etc/passwd", "app-2", "http://127.0.0.1:8081"]')), [
    'x.yaml:3: target.nodes[0]: "file:///etc/passwd" is not an http(s) URL of a node (e.g. http://10.0.0.5:8080)',
    'x.yaml:3: target.nodes[1]: "app-2" is not an http(s) URL of a node (e.g. http://10.0.0.5:8080)',
  ]);
  t.deepEqual(errorsOf(url('100000')), [
    'x.yaml:3: target.nodes: 100000 must be a whole number between 1 and 1000',
  ]);
  t.deepEqual(errorsOf(url('[]')), ['x.yaml:3: target.nodes: must list between 1 and 1000 node URLs']);
  const ok = parseScenarioYaml(url('["http://127.0.0.1:8081", "https://127.0.0.1:8082"]'), 'x.yaml');
  if (!ok.ok) return t.fail(ok.errors.map(formatScenarioError).join('\n'));
  t.is(ok.scenario.target.kind === 'url' && ok.scenario.target.nodeCount, 2);
});

test('a YAML alias bomb ends in one message, without a stack trace and fast', (t) => {
  const levels = 'abcdefghi'.split('');
  const lines = levels.map((name, i) =>
    i === 0
      ? `${name}: &${name} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`
      : `${name}: &${name} [${Array.from({ length: 9 }, () => `*${levels[i - 1]}`).join(',')}]`,
  );
  const started = performance.now();
  const errors = errorsOf(lines.join('\n'));
  t.true(performance.now() - started < 1000);
  t.is(errors.length, 1);
  t.regex(errors[0]!, /^x\.yaml: YAML: .*(alias|resource exhaustion)/i);
  // More aliases than any scenario needs are refused before they are expanded.
  const many = `a: &a 1\nb: [${Array.from({ length: LIMITS.maxAliases + 1 }, () => '*a').join(', ')}]\n`;
  t.deepEqual(errorsOf(many), [
    'x.yaml:2: YAML: more than 100 aliases (*name); a scenario needs far fewer. Write the values out',
  ]);
});

test('depth, size and duplicate keys are bounded; thousands of unknown keys are reported once, the rest counted', (t) => {
  t.deepEqual(errorsOf(`a: ${'['.repeat(70)}${']'.repeat(70)}\n`), [
    'x.yaml:1: YAML: nested more than 64 levels deep; a scenario needs far fewer',
  ]);
  t.deepEqual(errorsOf(`a: "${'x'.repeat(LIMITS.maxFileBytes)}"\n`), [
    'x.yaml: the file is 129 KiB; a scenario may be at most 128 KiB',
  ]);
  t.deepEqual(errorsOf(scenario(undefined, 'seed: 1\nseed: 2\n')), [
    'x.yaml:6: YAML: Map keys must be unique ("seed")',
  ]);
  // How long this takes as the keys grow (linear: it once took 11 minutes for 300,000) is measured by
  // `pnpm --filter @sessionchaos/core bench:validate`, not timed here.
  for (const n of [1500, 6000]) {
    const errors = errorsOf(scenario(undefined, Array.from({ length: n }, (_, i) => `k${i}: 1`).join('\n')));
    t.is(errors.length, LIMITS.maxErrors + 1);
    t.is(errors.at(-1), `x.yaml: ... and ${n - LIMITS.maxErrors} more errors`);
  }
});
