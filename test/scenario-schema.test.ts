import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { parseScenarioYaml, SCENARIO_SCHEMA_URL, scenarioJsonSchema } from '@sessionchaos/core';

const REPO = new URL('../', import.meta.url);
const SCHEMA_FILE = new URL('packages/core/schema/scenario.schema.json', REPO);
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(scenarioJsonSchema());

/** The schema's verdict on a YAML text: the instance paths it complains about, empty when it accepts. */
function schemaErrors(yaml: string): string[] {
  return validate(parse(yaml))
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

test('the committed scenario.schema.json is what scripts/write-schema.ts writes (regenerate with pnpm schema)', (t) => {
  t.is(readFileSync(SCHEMA_FILE, 'utf8'), `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
});

test('every scenario of scenarios/ validates against the schema', (t) => {
  const dir = new URL('scenarios/', REPO);
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  t.true(files.length > 10);
  for (const f of files) {
    const text = readFileSync(new URL(f, dir), 'utf8');
    t.deepEqual(schemaErrors(text), [], f);
    // Editors find the schema through the first line.
    t.is(text.split('\n')[0], `# yaml-language-server: $schema=${SCENARIO_SCHEMA_URL}`, f);
  }
});

test('the schema rejects the bad-input fixture, at the fields validate names', (t) => {
  const yaml = readFileSync(new URL('packages/cli/test/fixtures/bad.yaml', REPO), 'utf8');
  const parsed = parseScenarioYaml(yaml, 'bad.yaml');
  t.false(parsed.ok);
  const errors = schemaErrors(yaml);
  // The fault action, the gate's finding kind, the user count and the duration, as validate reports them.
  for (const at of ['/faults/0/action', '/gate/0', '/load/users', '/load/duration'])
    t.true(
      errors.some((e) => e.startsWith(at)),
      `${at} not among ${errors.join('; ')}`,
    );
});

const MINIMAL =
  'name: x\ndescription: d\ntarget: { lab: { strategy: memory } }\nload: { users: 1, duration: 10s }\n';

test('the schema and validate agree on single mistakes and near-misses', (t) => {
  const cases: [string, boolean][] = [
    [MINIMAL, true],
    [`${MINIMAL}seed: 4294967295\n`, true],
    [`${MINIMAL}seed: 4294967296\n`, false],
    [`${MINIMAL}colour: red\n`, false],
    [`${MINIMAL}faults: [{ action: kill, target: app, at: 1s, duration: 2s }]\n`, true],
    [`${MINIMAL}faults: [{ action: kill, target: ap, at: 1s }]\n`, false],
    [`${MINIMAL}gate: [{ latency: p99, max: 800ms }]\n`, true],
    [`${MINIMAL}gate: [{ latency: p99 }]\n`, false],
    [`${MINIMAL}gate: [{ errorRate: 0.01, scope: steady }]\n`, true],
    [`${MINIMAL}gate: [{ errorRate: 2 }]\n`, false],
    [`${MINIMAL}expect: { verdict: fail, findings: [lost-session] }\n`, true],
    [`${MINIMAL}expect: { verdict: maybe }\n`, false],
    [`${MINIMAL}check: { afterFault: 10s }\n`, true],
    [`${MINIMAL}check: { afterFalt: 10s }\n`, false],
    [MINIMAL.replace('duration: 10s', 'duration: 10 secs'), false],
  ];
  for (const [yaml, valid] of cases) {
    t.is(schemaErrors(yaml).length === 0, valid, `schema on ${yaml}`);
    t.is(parseScenarioYaml(yaml, 'x.yaml').ok, valid, `validate on ${yaml}`);
  }
});
