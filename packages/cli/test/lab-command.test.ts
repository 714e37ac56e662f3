import test from 'ava';
import { EXIT } from '../src/index.ts';
import { cli } from './helpers/run-cli.ts';

test('lab without an action names the valid ones', async (t) => {
  const { code, err } = await cli('lab', 'start');
  t.is(code, EXIT.usage);
  t.regex(err, /unknown action "start"\. Valid actions: up, down, status\./);
});

test('lab up with a bad spec lists every error and the valid choices, before touching Docker', async (t) => {
  const { code, err } = await cli(
    'lab',
    'up',
    '--strategy',
    'memcached',
    '--nodes',
    '0',
    '--redis',
    'sentinel',
  );
  t.is(code, EXIT.usage);
  t.regex(err, /strategy "memcached" is unknown\. Valid strategies: memory, sticky, replicated, redis, jwt/);
  t.regex(err, /nodes must be a whole number between 1 and 16 \(got 0\)/);
});

test('lab up with an unknown flag prints the lab usage', async (t) => {
  const { code, err } = await cli('lab', 'up', '--colour');
  t.is(code, EXIT.usage);
  t.regex(err, /usage: sessionchaos lab up\|down\|status/);
});
