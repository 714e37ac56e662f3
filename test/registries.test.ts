import { existsSync, readFileSync } from 'node:fs';
import test from 'ava';
import {
  FAULT_ROLES,
  LAB_STRATEGY_REGISTRY,
  STEP_KIND_REGISTRY,
  stepKindOf,
  stepsOf,
  type JourneySpec,
} from '@sessionchaos/core';
import { LAB_STORES } from '@sessionchaos/lab';
import { STEP_RUNNERS } from '@sessionchaos/traffic';
import { APP_BACKENDS } from '@sessionchaos/lab/app-backends';
import { libraryScenarios } from './helpers/library.ts';

// Every entry of the extension registries is complete: the schema and the reference document it (from the
// committed files, which `pnpm schema` regenerates), the parts it needs elsewhere are registered, and a
// scenario of the library uses it.

const root = new URL('../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const reference = read('docs/scenario-reference.md');
const schema = read('packages/core/schema/scenario.schema.json');
const scenariosReadme = read('scenarios/README.md');
const library = libraryScenarios();

/** The reference's section under `## title`, up to the next section. */
function section(title: string): string {
  const start = reference.indexOf(`## ${title}\n`);
  if (start < 0) return '';
  const next = reference.indexOf('\n## ', start + 1);
  return reference.slice(start, next < 0 ? undefined : next);
}

for (const strategy of LAB_STRATEGY_REGISTRY) {
  test(`lab strategy ${strategy.name}: schema, reference, scenario, store and backend`, (t) => {
    t.true(schema.includes(`"${strategy.name}"`), 'in the schema (run scripts/dev pnpm schema)');
    t.true(
      section('target: the lab').includes(`\`${strategy.name}\`: ${strategy.description}`),
      'described in docs/scenario-reference.md (run scripts/dev pnpm schema)',
    );
    const uses = library.filter(
      (s) => s.scenario.target.kind === 'lab' && s.scenario.target.lab.strategy === strategy.name,
    );
    t.true(uses.length > 0, `a scenario in scenarios/ runs strategy ${strategy.name}`);
    for (const use of uses)
      t.true(scenariosReadme.includes(`[${use.name}]`), `${use.name} in scenarios/README.md`);
    for (const role of strategy.storeRoles) {
      t.true((FAULT_ROLES as readonly string[]).includes(role), `store role ${role} is a fault role`);
      t.true(section('faults').includes(`\`${role}\``), `store role ${role} in the faults reference`);
      t.true(
        LAB_STORES.some((s) => s.strategy === strategy.name && s.role === role),
        `LAB_STORES starts its ${role} container`,
      );
      t.truthy(APP_BACKENDS[strategy.name], 'APP_BACKENDS has its app backend');
    }
    for (const row of strategy.compare)
      t.true(
        row.victim === 'app' || (FAULT_ROLES as readonly string[]).includes(row.victim),
        `compare row ${row.name} kills a known role`,
      );
  });
}

test('every registered store and app backend belongs to a registered strategy', (t) => {
  const names: readonly string[] = LAB_STRATEGY_REGISTRY.map((s) => s.name);
  for (const store of LAB_STORES) t.true(names.includes(store.strategy), `LAB_STORES: ${store.strategy}`);
  for (const name of Object.keys(APP_BACKENDS)) t.true(names.includes(name), `APP_BACKENDS: ${name}`);
});

/** Every step of the library's journeys (lab scenarios speak their strategy's journey, resolved in). */
const librarySteps = library.flatMap(({ scenario }) => {
  const j: JourneySpec = scenario.journey;
  return [...stepsOf(j.visit), ...stepsOf(j.login), ...stepsOf(j.logout)];
});

for (const kind of STEP_KIND_REGISTRY) {
  test(`journey step kind ${kind.name}: schema, reference, runner and a scenario`, (t) => {
    const s = section(`Journey step: ${kind.title}`);
    t.not(s, '', `a "Journey step: ${kind.title}" section in docs/scenario-reference.md`);
    for (const field of Object.keys(kind.fields))
      t.true(s.includes(`\`(step).${field}`), `field ${field} in its reference section`);
    t.is(typeof STEP_RUNNERS[kind.name], 'function', 'traffic walks it (STEP_RUNNERS)');
    t.true(
      librarySteps.some((step) => stepKindOf(step).name === kind.name) ||
        existsSync(new URL(`packages/traffic/test/${kind.name}-step.test.ts`, root)),
      `a scenario in scenarios/ has a ${kind.name} step, or packages/traffic/test/${kind.name}-step.test.ts walks it`,
    );
  });
}

test('the schema has one step shape per registered kind', (t) => {
  const parsed = JSON.parse(schema) as { $defs: { step: { anyOf: unknown[] } } };
  t.is(parsed.$defs.step.anyOf.length, STEP_KIND_REGISTRY.length);
});
