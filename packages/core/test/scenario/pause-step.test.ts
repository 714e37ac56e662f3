import test from 'ava';
import { formatScenarioError, parseScenarioYaml } from '../../src/scenario/scenario-yaml.ts';

const head = `name: j
description: a journey
load: { users: 2, duration: 5s }
target:
  url: http://127.0.0.1:8080
  journey:
    whoami: { method: GET, path: /api/me, identity: $.user }
`;

function parse(login: string) {
  return parseScenarioYaml(`${head}    login: ${login}\n`, 'j.yaml');
}

function errorsOf(login: string): string[] {
  const r = parse(login);
  return r.ok ? [] : r.errors.map(formatScenarioError);
}

test('a pause between two login steps is valid and kept as written', (t) => {
  const r = parse(
    '[{ method: GET, path: /login }, { pause: 2s }, { form: { fields: { u: "{{username}}" } } }]',
  );
  if (!r.ok) return t.fail(r.errors.map(formatScenarioError).join('\n'));
  t.deepEqual((r.scenario.journey.login as unknown[])[1], { pause: '2s' });
});

test('a pause cannot end a role, take another field, or last a bad or too long time', (t) => {
  t.deepEqual(errorsOf('[{ method: GET, path: /login }, { pause: 1s }]').length, 1);
  t.regex(
    errorsOf('[{ method: GET, path: /login }, { pause: 1s }]')[0]!,
    /cannot be the last step of a role/,
  );
  t.regex(errorsOf('{ pause: 1s }')[0]!, /cannot be the last step of a role/);
  t.regex(
    errorsOf('[{ pause: 1s, path: /x }, { method: GET, path: /login }]').join('\n'),
    /unknown field "path"/,
  );
  t.regex(
    errorsOf('[{ pause: soon }, { method: GET, path: /login }]').join('\n'),
    /target\.journey\.login\[0\]\.pause/,
  );
  t.regex(errorsOf('[{ pause: 2m }, { method: GET, path: /login }]').join('\n'), /at most 60s/);
});

test('near-miss: a pause is not a whoami (single-step roles take a request only)', (t) => {
  const r = parseScenarioYaml(
    `name: j\ndescription: d\nload: { users: 2, duration: 5s }\ntarget:\n  url: http://127.0.0.1:8080\n  journey:\n    login: { method: POST, path: /login }\n    whoami: { pause: 1s }\n`,
    'j.yaml',
  );
  t.false(r.ok);
});
