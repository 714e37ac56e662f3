import test from 'ava';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const churn = fileURLToPath(new URL('./fixtures/heap-churn.ts', import.meta.url));

async function maxOldMB(mode: 'default' | 'tight'): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    ['--conditions=@sessionchaos/source', '--disable-warning=ExperimentalWarning', churn, mode],
    { timeout: 60_000 },
  );
  return (JSON.parse(stdout) as { maxOldMB: number }).maxOldMB;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

// Each in its own process: the flag is process-wide, and each must start from V8's defaults.
test('a run sets V8 to grow the old space to 1.5x what is alive, not up to 4x: promoted garbage is collected sooner', async (t) => {
  // Three of each, interleaved, and their medians: V8 sizes the heap from how fast the GC runs
  // against the program, so one process on a loaded machine can come out anywhere (one CI run saw
  // 46 MB with the defaults, against 182-200 MB on every other).
  const loose: number[] = [];
  const tight: number[] = [];
  for (let i = 0; i < 3; i++) {
    loose.push(await maxOldMB('default'));
    tight.push(await maxOldMB('tight'));
  }
  const [l, ti] = [median(loose), median(tight)];
  t.log(
    `largest old space (MB), V8's defaults: ${loose.map((x) => x.toFixed(0)).join(', ')}; tightened: ${tight.map((x) => x.toFixed(0)).join(', ')}`,
  );
  // Measured 200 vs 111 MB (and 500-590 vs 194-204 MB with 2.7x the live set) on a quiet machine; a
  // loaded CI run saw 182 vs 140 MB. V8's own factor shrinks when the program is starved of CPU (its
  // growth follows the program's speed against the GC's): two CI runs of many test files at once
  // saw the defaults stay at 45 MB. There the defaults cannot show the difference, and what is
  // checked is the bound the setting keeps: below what the defaults reach once they grow (182 MB).
  if (l >= 90) t.true(ti < l * 0.85, `median ${ti} MB tightened, ${l} MB by default`);
  else t.true(ti < 182, `median ${ti} MB tightened (V8's defaults stayed at ${l} MB: a starved process)`);
});
