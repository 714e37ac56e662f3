import test from 'ava';
import { DEFAULT_JOURNEY } from '../../src/scenario/journey.ts';
import { TOMCAT_LAB_JOURNEY } from '../../src/scenario/lab-journey.ts';
import { labJourney } from '../../src/scenario/lab-strategies/lab-strategy-registry.ts';
import { parseScenarioYaml, formatScenarioError } from '../../src/scenario/scenario-yaml.ts';
import { validateJourney } from '../../src/scenario/validate-journey.ts';

const labScenario = (lab: string): string => `name: lab-journey
description: which journey a lab target speaks
target:
  lab: ${lab}
load: { users: 2, duration: 5s }
`;

test('a tomcat lab target speaks the Tomcat journey: FORM login, JSESSIONID; the checkers follow it', (t) => {
  const r = parseScenarioYaml(labScenario('{ strategy: tomcat, tomcat: { replication: backup } }'), 'x.yaml');
  if (!r.ok) return t.fail(r.errors.map(formatScenarioError).join('\n'));
  t.is(r.scenario.journey, TOMCAT_LAB_JOURNEY);
  t.is(r.scenario.check.sessionCookie, 'JSESSIONID');
  t.is(r.scenario.check.loginPath, '/login.jsp');
});

test('every other lab strategy speaks the lab app journey', (t) => {
  for (const strategy of ['memory', 'sticky', 'replicated', 'redis', 'jwt']) {
    const r = parseScenarioYaml(labScenario(`{ strategy: ${strategy} }`), 'x.yaml');
    if (!r.ok) return t.fail(r.errors.map(formatScenarioError).join('\n'));
    t.is(r.scenario.journey, DEFAULT_JOURNEY, strategy);
    t.is(r.scenario.check.sessionCookie, 'sid', strategy);
  }
  t.is(labJourney('not-a-strategy'), DEFAULT_JOURNEY);
});

test('the Tomcat journey is valid and keeps the lab roles (whoami, data, logout, node header)', (t) => {
  t.deepEqual(validateJourney(TOMCAT_LAB_JOURNEY), []);
  t.deepEqual(TOMCAT_LAB_JOURNEY.login, [
    { method: 'GET', path: '/api/me' },
    { form: { fields: { j_username: '{{username}}', j_password: '{{password}}' } } },
  ]);
  t.is(TOMCAT_LAB_JOURNEY.whoami.path, DEFAULT_JOURNEY.whoami.path);
  t.is(TOMCAT_LAB_JOURNEY.write?.path, '/api/data');
  t.is(TOMCAT_LAB_JOURNEY.read?.path, '/api/data');
  t.deepEqual(TOMCAT_LAB_JOURNEY.logout, { method: 'POST', path: '/logout' });
  t.deepEqual(TOMCAT_LAB_JOURNEY.node, { header: 'x-served-by' });
});
