// How validation time grows with a file's unknown keys: it must grow linearly (a quadratic report once took
// 11 minutes for 300,000 keys). Prints ms per size and the ratio of each to the smallest, per key.
// Run: pnpm --filter @sessionchaos/core bench:validate
import { LIMITS } from '../src/scenario/limits.ts';
import { parseScenarioYaml } from '../src/scenario/scenario-yaml.ts';

const file = (n: number): string =>
  'name: b\ndescription: b\ntarget: { lab: { strategy: memory } }\nload: { users: 5, duration: 30s }\n' +
  Array.from({ length: n }, (_, i) => `k${i}: 1`).join('\n');

function median(n: number, runs = 5): number {
  const text = file(n);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const r = parseScenarioYaml(text, 'b.yaml');
    times.push(performance.now() - started);
    if (r.ok || r.errors.length !== LIMITS.maxErrors + 1) throw new Error(`unexpected result for ${n} keys`);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

median(1500); // warm-up: the first parse compiles the YAML library
const sizes = [1500, 6000, 12000]; // 12,000 keys is near the 128 KiB a file may hold
const ms = sizes.map((n) => median(n));
for (const [i, n] of sizes.entries()) {
  const perKeyRatio = ms[i]! / n / (ms[0]! / sizes[0]!);
  console.log(
    `validate-unknown-keys n=${n}: ${ms[i]!.toFixed(1)} ms (per key, x${perKeyRatio.toFixed(2)} of n=1500)`,
  );
}
