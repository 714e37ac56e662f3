import { readFileSync } from 'node:fs';
import test from 'ava';
import { EXIT } from 'sessionchaos';
import { LIBRARY_DIR, libraryScenarios } from './helpers/library.ts';
import { cli } from './helpers/run-cli.ts';

const library = libraryScenarios();

test('the library holds a scenario per failure mode', (t) => {
  t.deepEqual(
    library.map((s) => s.name),
    [
      'external-target.yaml',
      'jwt-logout.yaml',
      'jwt-revocation.yaml',
      'memcached-killed.yaml',
      'memory-mismatch.yaml',
      'postgres-killed.yaml',
      'primary-backup.yaml',
      'real-bearer-api.yaml',
      'real-express-csrf.yaml',
      'real-oidc.yaml',
      'real-tomcat-form.yaml',
      'redis-node-cpu-starved.yaml',
      'redis-sentinel-failover.yaml',
      'redis-single-killed.yaml',
      'replicated-async-stale.yaml',
      'replicated-node-killed.yaml',
      'rolling-restart.yaml',
      'sticky-busiest-killed.yaml',
      'sticky-source-hotspot.yaml',
      'tomcat-backup-two-killed.yaml',
      'tomcat-delta-async-node-killed.yaml',
      'tomcat-delta-sync-node-killed.yaml',
      'tomcat-form-round-robin.yaml',
      'tomcat-partitioned-node.yaml',
    ],
  );
});

for (const { name, file, scenario } of library) {
  test(`sessionchaos validate ${name} exits 0`, async (t) => {
    const { code, out, err } = await cli('validate', file);
    t.is(code, EXIT.pass, err);
    t.regex(out, new RegExp(`${name}: valid\\. ${scenario.name}: `));
  });

  test(`${name} is named for its file, expects a verdict and says which in its description`, (t) => {
    t.is(`${scenario.name}.yaml`, name);
    const verdict = scenario.expect?.verdict;
    t.truthy(verdict, 'no expect.verdict');
    t.regex(scenario.description, new RegExp(`verdict (is )?${verdict}`, 'i'));
    if (verdict === 'fail')
      t.true((scenario.expect?.findings ?? []).length > 0, 'a fail without the findings that cause it');
  });

  test(`scenarios/README.md lists ${name} with the verdict it expects`, (t) => {
    const readme = readFileSync(`${LIBRARY_DIR}README.md`, 'utf8');
    const row = readme.split('\n').find((line) => line.startsWith(`| [${name}](${name})`));
    t.truthy(row, `no table row for ${name}`);
    t.true(row!.includes(`**${scenario.expect?.verdict}**`), row);
  });
}
