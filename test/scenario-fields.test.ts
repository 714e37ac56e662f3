import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse, stringify } from 'yaml';
import { parseScenarioYaml, scenarioJsonSchema, scenarioReference, type SpecError } from '@sessionchaos/core';
import { labSpecFieldErrors, validateLabSpec, type LabSpec } from '@sessionchaos/lab';

// One source of truth: the field tables of packages/core/src/scenario/fields/ generate the JSON Schema and
// docs/scenario-reference.md, and give the validators their field lists. These tests hold the three together.

const REPO = new URL('../', import.meta.url);
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(scenarioJsonSchema());
type Doc = Record<string, unknown> & { target: Record<string, unknown> };

/** The schema's complaints about a scenario, as instance paths (`/target/journey/logoutChanse`); empty: accepted. */
function schemaErrors(doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) =>
    e.keyword === 'additionalProperties'
      ? `${e.instancePath}/${String((e.params as { additionalProperty: string }).additionalProperty)}`
      : e.instancePath,
  );
}

/** `sessionchaos validate`'s verdict, with the lab's own checks as the CLI runs them (scenario-file.ts). */
function validatorErrors(doc: unknown): SpecError[] {
  const labFields = (raw: unknown): SpecError[] => {
    const lab = (raw as { target?: { lab?: unknown } }).target?.lab;
    if (lab === undefined) return [];
    const checked = validateLabSpec(lab as LabSpec);
    return [
      ...labSpecFieldErrors(lab).map((e) => ({ path: `target.lab.${e.path}`, message: e.message })),
      ...(checked.ok ? [] : checked.errors.map((message) => ({ path: 'target.lab', message }))),
    ];
  };
  const parsed = parseScenarioYaml(stringify(doc), 'x.yaml', {}, { exec: true, external: true }, labFields);
  return parsed.ok ? [] : parsed.errors;
}

const shipped = readdirSync(new URL('scenarios/', REPO))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ f, doc: parse(readFileSync(new URL(`scenarios/${f}`, REPO), 'utf8')) as Doc }));

test('docs/scenario-reference.md is what `pnpm schema` writes from the field tables', (t) => {
  const committed = readFileSync(new URL('docs/scenario-reference.md', REPO), 'utf8');
  t.is(committed, scenarioReference(), 'regenerate it with `scripts/dev pnpm schema`');
});

test('the reference gives every journey, lab, fault and check field with its type, default and an example', (t) => {
  const reference = scenarioReference();
  for (const row of [
    '| `target.journey.logoutChance` | number 0..1 | `0.1` | `0.2` |',
    '| `target.journey.visit` | step or list of steps |',
    '| `target.nodes` | integer 1..1000, or list of URLs |',
    '| `target.lab.redis.topology` | string: `single`, `sentinel` | `single` |',
    '| `(step).capture` | map of name -> capture |',
    '| `(capture).html` | CSS selector |',
    '| `faults[].params.confirmTimeout` | duration | `10s` |',
    '| `check.afterFault` | duration | `10s` |',
    '| `probes.every` | duration or false | `5s` |',
  ])
    t.true(reference.includes(row), row);
  t.regex(
    reference,
    /`target\.journey\.write\.value` [^\n]*under `increment` each acknowledged write counts as one increment/,
  );
  t.regex(
    reference,
    /`target\.journey\.login` [^\n]*a form shown again in place \(Tomcat's FORM login\) is a failed login/,
  );
});

test('every shipped scenario validates against the generated schema, and the validator accepts it too', (t) => {
  t.true(shipped.length > 10);
  for (const { f, doc } of shipped) {
    t.deepEqual(schemaErrors(doc), [], f);
    t.deepEqual(validatorErrors(doc), [], f);
  }
});

test('the schema itself rejects a misspelt field inside a journey step, a capture, a lab and a fault, where the validator does', (t) => {
  const url = shipped.find((s) => s.f === 'real-express-csrf.yaml')!.doc;
  const cases: [string, (d: Doc) => void, string, string][] = [
    [
      'captrue in a step',
      (d) => (j(d).login = { ...(j(d).login as object), captrue: {} }),
      '/target/journey/login',
      'target.journey.login.captrue',
    ],
    [
      'logoutChanse',
      (d) => (j(d).logoutChanse = 0.2),
      '/target/journey/logoutChanse',
      'target.journey.logoutChanse',
    ],
    [
      'identiy in whoami',
      (d) => (j(d).whoami = { method: 'GET', path: '/api/me', identiy: '$.user' }),
      '/target/journey/whoami',
      'target.journey.whoami',
    ],
    [
      'a capture kind misspelt',
      (d) => (j(d).login = { form: { page: '/login' }, capture: { csrf: { htm: 'meta' } } }),
      '/target/journey/login',
      'target.journey.login.capture.csrf.htm',
    ],
    [
      'pgae in a form',
      (d) => (j(d).login = { form: { pgae: '/login' } }),
      '/target/journey/login',
      'target.journey.login.form.pgae',
    ],
    [
      'a bad status in expect',
      (d) => (j(d).login = { method: 'POST', path: '/login', expect: { status: [42] } }),
      '/target/journey/login',
      'target.journey.login.expect.status',
    ],
    [
      'slector in forms',
      (d) => (j(d).login = { method: 'GET', path: '/login', forms: [{ slector: 'form' }] }),
      '/target/journey/login',
      'target.journey.login.forms[0].slector',
    ],
    [
      'semantics on a read',
      (d) => (j(d).read = { method: 'GET', path: '/x', value: '$.v', semantics: 'set' }),
      '/target/journey/read/semantics',
      'target.journey.read.semantics',
    ],
    [
      'an unknown jarLifetime',
      (d) => (j(d).jarLifetime = 'forever'),
      '/target/journey/jarLifetime',
      'target.journey.jarLifetime',
    ],
  ];
  for (const [what, mutate, schemaAt, validatorAt] of cases) {
    const doc = structuredClone(url);
    mutate(doc);
    const fromSchema = schemaErrors(doc);
    t.true(
      fromSchema.some((e) => e.startsWith(schemaAt)),
      `${what}: schema said ${fromSchema.join('; ') || 'nothing'}`,
    );
    const fromValidator = validatorErrors(doc).map((e) => e.path);
    t.true(
      fromValidator.some((p) => p.startsWith(validatorAt)),
      `${what}: validator said ${fromValidator.join('; ') || 'nothing'}`,
    );
  }
});

function j(d: Doc): Record<string, unknown> {
  return d.target.journey as Record<string, unknown>;
}

test('validator and schema agree on each shipped scenario mutated: a typo at every level, and valid changes', (t) => {
  const typo = (d: Doc): [string, () => void][] => {
    const out: [string, () => void][] = [
      ['top', () => (d.colour = 'red')],
      ['load', () => ((d.load as Record<string, unknown>).userz = 3)],
      ['probes', () => (d.probes = { evry: '2s' })],
      ['check', () => (d.check = { afterFalt: '2s' })],
      ['expect', () => (d.expect = { verdict: 'pass', finding: [] })],
    ];
    const lab = d.target.lab as Record<string, unknown> | undefined;
    if (lab) {
      out.push(['lab', () => (lab.health = { intr: 500 })]);
      out.push(['lab nodes', () => (lab.nodes = 17)]);
    }
    if (d.target.journey) {
      out.push(['journey', () => (j(d).maxHop = 3)]);
      out.push(['logoutChance', () => (j(d).logoutChance = 1.5)]);
      out.push(['node header', () => (j(d).node = { header: 'x served by' })]);
      out.push([
        'step header',
        () => (j(d).read = { method: 'GET', path: '/', headers: { 'a b': 'x' }, value: '$.v' }),
      ]);
    }
    const fault = (d.faults as Record<string, unknown>[] | undefined)?.[0];
    if (fault) {
      out.push(['fault', () => (fault.duraton = '2s')]);
      out.push(['fault params', () => (fault.params = { ...(fault.params as object), healComand: 'true' })]);
      out.push(['fault target', () => (fault.target = { rol: 'app' })]);
      out.push(['fault select', () => (fault.select = 'bussiest')]);
    }
    return out;
  };
  const valid = (d: Doc): [string, () => void][] => [
    ['seed', () => (d.seed = 7)],
    ['probes off', () => (d.probes = { every: false })],
    ['check in ms', () => (d.check = { afterFaultMs: 2000, minLoggedIn: 0.5 })],
    ['gate', () => (d.gate = [{ latency: 'p99.9', max: '2s', scope: 'steady' }, { errorRate: 0.02 }])],
    ...(d.target.journey
      ? ([
          ['logoutChance', () => (j(d).logoutChance = 0.5)],
          ['visit list', () => (j(d).visit = [{ method: 'GET', path: '/' }])],
          [
            'increment',
            () => (j(d).write = { method: 'POST', path: '/c', value: '$.count', semantics: 'increment' }),
          ],
        ] as [string, () => void][])
      : []),
  ];
  for (const { f, doc } of shipped) {
    for (const [kind, list] of [
      ['typo', typo],
      ['valid', valid],
    ] as const) {
      const count = list(structuredClone(doc)).length;
      for (let i = 0; i < count; i++) {
        const d = structuredClone(doc);
        const [what, mutate] = list(d)[i]!;
        mutate();
        const bySchema = schemaErrors(d).length === 0;
        const byValidator = validatorErrors(d).length === 0;
        t.is(bySchema, kind === 'valid', `${f} ${kind} ${what}: schema`);
        t.is(byValidator, kind === 'valid', `${f} ${kind} ${what}: validator`);
      }
    }
  }
});
