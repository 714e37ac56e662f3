import test from 'ava';
import { EXIT } from '../src/index.ts';
import { cli } from './helpers/run-cli.ts';

test('no command prints usage and exits with the usage code', async (t) => {
  const { code, out } = await cli();
  t.is(code, EXIT.usage);
  t.regex(out, /usage: sessionchaos <command>/);
});

test('an unknown command names the valid ones', async (t) => {
  const { code, err } = await cli('rn');
  t.is(code, 64);
  t.regex(
    err,
    /unknown command "rn"\. Valid commands: run, journey, init, lab, heal, report, validate, compare\./,
  );
});
