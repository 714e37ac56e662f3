import test from 'ava';
import { formatScenarioError, parseScenarioYaml } from '../../src/scenario/scenario-yaml.ts';
import {
  FAULT_PARAM_FIELDS,
  JOURNEY_FIELDS,
  REQUEST_FIELDS,
  WRITE_FIELDS,
} from '../../src/scenario/fields/index.ts';
import { JOURNEY_KEYS } from '../../src/scenario/validate-journey.ts';
import { FAULT_PARAM_KEYS } from '../../src/scenario/scenario-keys.ts';
import { DEFAULT_JOURNEY } from '../../src/scenario/journey.ts';
import { DEFAULT_PROBE_EVERY_MS } from '../../src/scenario/resolve-scenario.ts';

const BASE = `name: x
description: d
target:
  url: http://127.0.0.1:8080
  journey:
    login: { method: POST, path: /login }
    whoami: { method: GET, path: /api/me, identity: $.user }
load: { users: 1, duration: 10s }
`;

function errors(yaml: string): string[] {
  const r = parseScenarioYaml(yaml, 'x.yaml', {}, { exec: true });
  return r.ok ? [] : r.errors.map(formatScenarioError);
}

test('the validators read their field lists and defaults from the field tables', (t) => {
  t.deepEqual(JOURNEY_KEYS, Object.keys(JOURNEY_FIELDS));
  t.deepEqual(FAULT_PARAM_KEYS, Object.keys(FAULT_PARAM_FIELDS));
  t.true(Object.keys(REQUEST_FIELDS).every((k) => k in WRITE_FIELDS));
  t.is(JOURNEY_FIELDS.logoutChance.default, DEFAULT_JOURNEY.logoutChance);
  t.is(JOURNEY_FIELDS.maxHops.default, DEFAULT_JOURNEY.maxHops);
  t.is(DEFAULT_PROBE_EVERY_MS, 5000);
});

test('a misspelt fault param is an error naming the valid ones, no longer dropped (the fault ran without it)', (t) => {
  const yaml = `${BASE}faults:\n  - { action: exec, at: 1s, params: { command: 'true', healComand: 'true' } }\n`;
  t.deepEqual(errors(yaml), [
    `x.yaml:10: faults[0].params.healComand: unknown field "healComand". Valid fields: ${Object.keys(FAULT_PARAM_FIELDS).join(', ')}`,
  ]);
  // Near-miss: every documented param is accepted, timeouts as durations.
  t.deepEqual(
    errors(
      `${BASE}faults:\n  - { action: exec, at: 1s, params: { command: 'true', healCommand: 'true', timeout: 5s, confirm: 'true', confirmTimeout: 2s } }\n`,
    ),
    [],
  );
  t.deepEqual(errors(`${BASE}faults:\n  - { action: exec, at: 1s, params: 5 }\n`).length, 2);
});

test('credentials rows take nothing beside them; check.dataSemantics is one of the semantics', (t) => {
  const rows = BASE.replace(
    '    whoami:',
    '    credentials: { rows: [{ username: a, password: b }], username: c }\n    whoami:',
  );
  t.deepEqual(errors(rows), [
    'x.yaml:7: target.journey.credentials.username: unknown field "username". Valid fields: rows',
  ]);
  t.deepEqual(
    errors(
      BASE.replace('    whoami:', '    credentials: { rows: [{ username: a, password: b }] }\n    whoami:'),
    ),
    [],
  );
  t.deepEqual(errors(`${BASE}check: { dataSemantics: counter }\n`), [
    'x.yaml:9: check.dataSemantics: "counter" is not allowed. Valid choices: set, increment, append',
  ]);
  t.deepEqual(errors(`${BASE}check: { dataSemantics: increment }\n`), []);
});
