import test from 'ava';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenarioYaml } from '@sessionchaos/core';
import { cli } from './helpers/run-cli.ts';

// Property-based: whatever a scenario file holds, `validate` answers 0 or 64 with messages, never a
// stack trace, and within a second. Inputs are random YAML-ish text, the shipped scenarios mutated
// byte- and line-wise, and the shipped scenarios with random values put in at random places.

const SCENARIOS = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const shipped = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(join(SCENARIOS, f), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'sc-fuzz-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

const STACK = /\n\s+at .+[:(]\d+:\d+\)?/;
let n = 0;

async function validateText(text: string): Promise<{ code: number; err: string; ms: number }> {
  const file = join(dir, `s${n++}.yaml`);
  writeFileSync(file, text);
  // CPU time of this process (ava runs each test file in its own, and these tests one at a time): the
  // wall clock also counts whatever else a busy CI machine runs meanwhile; this measures validate.
  const started = process.cpuUsage();
  const r = await cli('validate', file);
  const used = process.cpuUsage(started);
  return { code: r.code, err: r.out + r.err, ms: (used.user + used.system) / 1000 };
}

async function holds(text: string): Promise<boolean> {
  const r = await validateText(text);
  if (r.code !== 0 && r.code !== 64) throw new Error(`exit ${r.code}:\n${r.err}`);
  if (STACK.test(r.err)) throw new Error(`stack trace:\n${r.err}`);
  if (r.code === 64 && r.err.trim() === '') throw new Error('exit 64 without a message');
  if (r.ms >= 1000) throw new Error(`took ${Math.round(r.ms)} ms of CPU`);
  return true;
}

const yamlish = fc.string({
  unit: fc.constantFrom(...'ab1:-[]{}&*!|>#"\' \n\t,.?%@`~'.split(''), 'name', 'load', 'target', '<<', '0x'),
  maxLength: 400,
});

/** Odd values of every type, where a scenario expects a duration, a count, a name or an object. */
const oddValue = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1e20,
    2 ** 31,
    Number.MAX_SAFE_INTEGER,
    0.5,
    '1000h',
    '0ms',
    '-5s',
    '',
    'NaN',
    null,
    true,
    [],
    {},
    'file:///etc/passwd',
    '{{x}}',
    '/(a+)+$/',
    '$..',
    'x'.repeat(5000),
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

/** `holds`, counting the cases it checked (each test its own count: tests in a file run concurrently). */
function counted(): { check: (text: string) => Promise<boolean>; runs: () => number } {
  let runs = 0;
  return {
    check: (text) => {
      runs++;
      return holds(text);
    },
    runs: () => runs,
  };
}

test.serial('validate never crashes on random YAML-ish text', async (t) => {
  const c = counted();
  await fc.assert(fc.asyncProperty(yamlish, c.check), { numRuns: 300 });
  t.is(c.runs(), 300);
});

test.serial('validate never crashes on the shipped scenarios cut, spliced and shuffled', async (t) => {
  const mutated = fc
    .tuple(
      fc.constantFrom(...shipped),
      fc.nat(),
      fc.nat({ max: 200 }),
      yamlish,
      fc.constantFrom('cut', 'insert', 'dup-line', 'swap-lines', 'indent'),
    )
    .map(([text, at, len, piece, how]) => {
      const i = at % (text.length + 1);
      const lines = text.split('\n');
      const l = at % lines.length;
      if (how === 'cut') return text.slice(0, i) + text.slice(i + len);
      if (how === 'insert') return text.slice(0, i) + piece + text.slice(i);
      if (how === 'dup-line') return [...lines.slice(0, l + 1), ...lines.slice(l)].join('\n');
      if (how === 'indent') return lines.map((x, k) => (k === l ? `  ${x}` : x)).join('\n');
      const m = len % lines.length;
      [lines[l], lines[m]] = [lines[m]!, lines[l]!];
      return lines.join('\n');
    });
  const c = counted();
  await fc.assert(fc.asyncProperty(mutated, c.check), { numRuns: 300 });
  t.is(c.runs(), 300);
});

test.serial('validate never crashes when any field of a shipped scenario holds an odd value', async (t) => {
  // The shipped scenarios as values (JSON is YAML too, so a changed one is written back as JSON).
  const parsed = shipped.map((text) => {
    const r = parseScenarioYaml(text, 'x.yaml', {}, { exec: true, external: true });
    if (!r.ok) throw new Error(`a shipped scenario does not validate: ${r.errors[0]?.message}`);
    return r.raw;
  });
  const withOddValue = fc
    .tuple(fc.constantFrom(...parsed), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), oddValue)
    .map(([doc, picks, value]) => {
      const copy = structuredClone(doc) as Record<string, unknown>;
      // Walk down by the picks into objects and lists, then put the odd value there.
      let at: unknown = copy;
      for (const [k, pick] of picks.entries()) {
        const keys = at !== null && typeof at === 'object' ? Object.keys(at) : [];
        if (keys.length === 0) break;
        const key = keys[pick % keys.length]!;
        const container = at as Record<string, unknown>;
        if (k === picks.length - 1 || typeof container[key] !== 'object' || container[key] === null)
          container[key] = structuredClone(value);
        else at = container[key];
      }
      return JSON.stringify(copy, null, 2);
    });
  const c = counted();
  await fc.assert(fc.asyncProperty(withOddValue, c.check), { numRuns: 300 });
  t.is(c.runs(), 300);
});

test('a real CLI process answers the YAML bomb with exit 64 and one message, not a stack trace', (t) => {
  const levels = 'abcdefghi'.split('');
  const bomb = levels
    .map((name, i) =>
      i === 0
        ? `${name}: &${name} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`
        : `${name}: &${name} [${Array.from({ length: 9 }, () => `*${levels[i - 1]}`).join(',')}]`,
    )
    .join('\n');
  const file = join(dir, 'bomb.yaml');
  writeFileSync(file, bomb);
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--conditions=@sessionchaos/source', main, 'validate', file], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  t.is(r.status, 64, r.stderr);
  t.regex(r.stderr, /bomb\.yaml: YAML: .*(alias|resource exhaustion)/i);
  t.notRegex(r.stderr, STACK);
  t.is(r.stderr.trim().split('\n').length, 1);
});
