import test from 'ava';
import {
  DEFAULT_JOURNEY,
  compileLocation,
  renderTemplate,
  validateJourney,
  validateLoad,
  type JourneySpec,
  type LoadSpec,
} from '@sessionchaos/core';
import { InvalidRunError, startRun } from '../src/index.ts';

test('the default journey and sane loads are valid', (t) => {
  t.deepEqual(validateJourney(DEFAULT_JOURNEY), []);
  t.deepEqual(
    validateLoad({ model: 'closed', vus: 10, thinkMs: { min: 0, max: 100 }, durationMs: 1000 }),
    [],
  );
  t.deepEqual(validateLoad({ model: 'open', ratePerSec: 5, maxVus: 10, durationMs: 1000 }), []);
});

test('every journey error is reported at once, with its path and the valid choices', (t) => {
  const bad = {
    ...DEFAULT_JOURNEY,
    login: {
      method: 'FETCH',
      path: 'login',
      bodyType: 'xml',
      body: { username: '{{user}}', password: '{{password' },
    },
    whoami: { method: 'GET', path: '/api/me', identity: '$.user..name' },
    read: { method: 'GET', path: '/api/data', value: '/unclosed(/' },
    node: { header: 'x-served-by', cookie: 'SERVERID' },
    allowedOrigins: ['https://idp.example.com/path', 'ftp://x'],
    maxHops: 0,
    jarLifetime: 'forever',
    logoutChance: 2,
  } as unknown as JourneySpec;
  const errors = validateJourney(bad);
  const paths = errors.map((e) => e.path);
  t.deepEqual(paths, [
    'journey.login.method',
    'journey.login.path',
    'journey.login.bodyType',
    'journey.login.body.username',
    'journey.login.body.password',
    'journey.whoami.identity',
    'journey.read.value',
    'journey.node',
    'journey.allowedOrigins[0]',
    'journey.allowedOrigins[1]',
    'journey.maxHops',
    'journey.jarLifetime',
    'journey.logoutChance',
  ]);
  const message = (p: string): string => errors.find((e) => e.path === p)?.message ?? '';
  t.regex(message('journey.login.method'), /Valid choices: GET, POST, PUT, PATCH, DELETE/);
  t.regex(message('journey.jarLifetime'), /Valid choices: run, iteration, browser-restart/);
  t.regex(
    message('journey.login.body.username'),
    /unknown template variable "\{\{user\}\}". Valid variables: vu, username/,
  );
  t.regex(message('journey.whoami.identity'), /JSON path/);
});

test('a load without a bound is rejected, and startRun refuses to start with every error', (t) => {
  const unbounded = { model: 'closed', vus: 0, thinkMs: -1 } as LoadSpec;
  t.deepEqual(
    validateLoad(unbounded).map((e) => e.path),
    ['load.vus', 'load', 'load.thinkMs'],
  );
  t.deepEqual(
    validateLoad({ model: 'open', ratePerSec: 0, maxVus: 1 } as unknown as LoadSpec).map((e) => e.path),
    ['load.ratePerSec', 'load.durationMs'],
  );
  const err = t.throws(() => startRun({ target: 'nope', load: unbounded }), { instanceOf: InvalidRunError });
  t.deepEqual(
    err?.errors.map((e) => e.path),
    ['load.vus', 'load', 'load.thinkMs', 'target'],
  );
});

test('templates render and locations extract', (t) => {
  t.is(renderTemplate('user-{{vu}}/{{ iteration }}', { vu: 3, iteration: 2 }), 'user-3/2');
  t.is(compileLocation('$.user')('{"user":"user-1","node":"app-1"}'), 'user-1');
  t.is(compileLocation('$.user')('{"user":null}'), null);
  t.is(compileLocation('$.a.items[1].id')('{"a":{"items":[{"id":1},{"id":2}]}}'), 2);
  t.is(compileLocation('$.user')('not json'), undefined);
  t.is(compileLocation('/as <b>(\\w+)</')('Signed in as <b>bob</b>'), 'bob');
});
