import test from 'ava';
import { PassThrough } from 'node:stream';
import { EXIT, run } from '../src/index.ts';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => (o += c.toString()));
  err.on('data', (c: Buffer) => (e += c.toString()));
  const code = await run(argv, out, err);
  return { code, out: o, err: e };
}

test('no command prints usage and exits with the usage code', async (t) => {
  const { code, out } = await cli();
  t.is(code, EXIT.usage);
  t.regex(out, /usage: sessionchaos <command>/);
});

test('an unknown command names the valid ones', async (t) => {
  const { code, err } = await cli('rn');
  t.is(code, 64);
  t.regex(err, /unknown command "rn"\. Valid commands: run, lab, heal, report, validate\./);
});
