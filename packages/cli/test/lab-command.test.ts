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
  t.regex(err, /strategy "memcached" is unknown\. Valid strategys: memory, sticky, replicated, redis, jwt/);
  t.regex(err, /nodes must be a whole number of at least 1/);
});

test('lab up with an unknown flag prints the lab usage', async (t) => {
  const { code, err } = await cli('lab', 'up', '--colour');
  t.is(code, EXIT.usage);
  t.regex(err, /usage: sessionchaos lab up\|down\|status/);
});
