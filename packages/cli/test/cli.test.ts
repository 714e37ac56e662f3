import test from 'ava';
import { readFileSync } from 'node:fs';
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
    /unknown command "rn"\. Valid commands: run, journey, init, compare, merge, k8s, lab, heal, report, validate, examples\./,
  );
});

test('--version and -V print the package version and exit 0', async (t) => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  for (const flag of ['--version', '-V']) {
    const { code, out, err } = await cli(flag);
    t.is(code, EXIT.pass);
    t.is(out, `${version}\n`);
    t.is(err, '');
  }
});
