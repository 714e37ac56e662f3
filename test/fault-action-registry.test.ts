import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { FAULT_ACTIONS, FAULT_PARAM_FIELDS, SCENARIO_FAULT_ACTIONS } from '@sessionchaos/core';
import { KEY_BINDINGS } from '@sessionchaos/dashboard';
import { DockerDriver, ENGINE_FAULT_ACTIONS, ExecDriver } from '@sessionchaos/faults';

// Every fault action of the registries is complete: declared in core (params with their field rows, documented),
// applied by a driver, healed or declared instant, shown by the dashboard, and used by a scenario or a Docker test.
// A new action that misses one of these fails here, naming what it lacks.

const REPO = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string): string => readFileSync(join(REPO, path), 'utf8');
const reference = read('docs/scenario-reference.md');
const schema = JSON.parse(read('packages/core/schema/scenario.schema.json')) as unknown;

/** Every file under `dir` (relative to the repository) whose name ends with `suffix`. */
function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(join(REPO, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix) && !f.includes('node_modules'))
    .map((f) => join(dir, f));
}
const scenarios = filesUnder('scenarios', '.yaml').map(read);
const dockerTests = [
  ...filesUnder('test', '.docker.test.ts'),
  ...filesUnder('packages', '.docker.test.ts'),
].map(read);

/** The redis driver's only action; its constructor wants a live cluster, so it is named here. */
const REDIS_DRIVER_ACTIONS = ['failover'];
const driverActions = new Set<string>([
  ...new DockerDriver().actions,
  ...new ExecDriver().actions,
  ...REDIS_DRIVER_ACTIONS,
]);

for (const def of FAULT_ACTIONS) {
  test(`fault action ${def.name}: complete in both registries`, (t) => {
    t.true(SCENARIO_FAULT_ACTIONS.includes(def.name));
    // Its params: a field row each (schema and reference), documented under faults[].params.
    for (const param of Object.keys(def.params)) {
      t.truthy(
        FAULT_PARAM_FIELDS[param as keyof typeof FAULT_PARAM_FIELDS],
        `no field row for params.${param}`,
      );
      t.true(
        reference.includes(`\`faults[].params.${param}\``),
        `params.${param} missing from the reference`,
      );
    }
    t.true(reference.includes(`\`${def.name}\`: ${def.summary}`), 'its summary missing from the reference');
    t.true(
      JSON.stringify(schema).includes(`"${def.name}"`),
      'missing from the JSON Schema (run pnpm schema)',
    );
    // A driver applies it; the docker driver's entry says how it heals.
    t.true(driverActions.has(def.name), 'no driver applies it');
    const engine = ENGINE_FAULT_ACTIONS.find((a) => a.name === def.name);
    if (engine) {
      if (def.lasting) t.true(engine.undo.length > 0, 'a lasting action journals no heal');
      if (engine.undo.includes('action'))
        t.truthy(engine.heal, "it journals an 'action' step but has no heal");
    }
    // The dashboard shows it: an app node's state, or a store server down; a hook has no victim to show.
    if (def.needsTarget !== false)
      t.true(def.nodeState !== undefined || def.takesStoreDown === true, 'the dashboard does not show it');
    // Something runs it: a scenario of the library, or a Docker test on a real container.
    const used =
      scenarios.some((s) => new RegExp(`action: ${def.name}\\b`).test(s)) ||
      dockerTests.some((s) => s.includes(`'${def.name}'`));
    t.true(used, 'no scenario under scenarios/ nor a *.docker.test.ts uses it');
  });
}

test('the docker driver applies only actions core declares, each once', (t) => {
  const names = ENGINE_FAULT_ACTIONS.map((a) => a.name);
  t.deepEqual([...new Set(names)], names);
  for (const name of names)
    t.true(SCENARIO_FAULT_ACTIONS.includes(name), `${name} is not in core's registry`);
});

test("the actions' dashboard keys are unique and clash with no other key", (t) => {
  const keys = KEY_BINDINGS.map((b) => b.key);
  t.deepEqual([...new Set(keys)], keys);
  t.false(keys.includes('?'), '? opens the help overlay');
  const commands = KEY_BINDINGS.map((b) => b.command);
  t.deepEqual([...new Set(commands)], commands);
});
