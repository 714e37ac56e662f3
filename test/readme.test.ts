import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from 'sessionchaos';

// Every scenario the README shows is a valid scenario: the examples a newcomer copies must work.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```yaml\n((?:# yaml-language-server: .*\n)?name: [\s\S]*?)```/g)]
  .map((m) => m[1]!)
  .filter((b) => /^description:/m.test(b));
const dir = mkdtempSync(join(tmpdir(), 'sc-readme-'));

async function validate(file: string): Promise<{ code: number; text: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  err.on('data', (c: Buffer) => (text += c.toString()));
  const code = await run(['validate', file], out, err);
  return { code, text };
}

test('the README shows scenarios for the lab and for an external cluster', (t) => {
  t.true(blocks.length >= 2);
  t.true(blocks.some((b) => /\n {2}lab:/.test(b)));
  t.true(blocks.some((b) => /\n {2}url:/.test(b) && /action: exec/.test(b)));
});

for (const [i, block] of blocks.entries()) {
  const name = /^name: (.+)$/m.exec(block)![1]!;
  test(`the README's scenario ${name} is valid`, async (t) => {
    const file = join(dir, `readme-${i}.yaml`);
    writeFileSync(file, block);
    const { code, text } = await validate(file);
    t.is(code, 0, text);
    t.regex(text, new RegExp(`valid\\. ${name}:`));
  });
}

test("the README's lab scenario is the library's file, so the scenario tests run it", (t) => {
  const file = readFileSync(new URL('../scenarios/redis-sentinel-failover.yaml', import.meta.url), 'utf8');
  t.true(blocks.includes(file));
});

test("the README's journeys for your own app are the library's real-app files, so the real-app tests run them", (t) => {
  for (const name of ['real-express-csrf', 'real-bearer-api']) {
    const file = readFileSync(new URL(`../scenarios/${name}.yaml`, import.meta.url), 'utf8');
    t.true(blocks.includes(file), `${name}.yaml differs from the README's copy`);
  }
});
