// pnpm bench:startup — issue 24's figure: how long the quick commands take from the built CLI (what an
// installed package runs), beside `node -e ''` started the same way, so the difference is what the CLI
// itself costs. Each command runs STARTUP_BENCH_RUNS times (15), the commands interleaved so that a busy
// moment of the machine falls on all of them alike; the median, the fastest run and the median minus
// node's own start are printed. The goal line: validate of a scenario under 300 ms.
// The same figures from the sources (type stripping, the @sessionchaos/source condition) follow, for
// `scripts/sessionchaos`. The workspace is compiled first (tsc -b), so dist/ is never stale.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.STARTUP_BENCH_RUNS ?? 15);
const GOAL_MS = 300;
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SCENARIO = 'scenarios/memory-mismatch.yaml';

interface Case {
  label: string;
  args: string[];
}

function cases(main: string, nodeArgs: string[]): Case[] {
  return [
    { label: "node -e ''", args: [...nodeArgs, '-e', ''] },
    { label: '--version', args: [...nodeArgs, main, '--version'] },
    { label: '--help', args: [...nodeArgs, main, '--help'] },
    { label: `validate ${SCENARIO}`, args: [...nodeArgs, main, 'validate', SCENARIO] },
  ];
}

/** Wall time of one `node ...args` run from the repository root, in ms; throws when it fails. */
function timeOnce(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: REPO, env: { ...process.env, NODE_OPTIONS: '' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().trim()}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function measure(title: string, list: Case[]): Map<string, number> {
  const times = new Map<string, number[]>(list.map((c) => [c.label, []]));
  for (const c of list) timeOnce(c.args); // warm the file cache: the first run reads every file from disk
  for (let i = 0; i < RUNS; i++) for (const c of list) times.get(c.label)!.push(timeOnce(c.args));
  const medians = new Map([...times].map(([label, xs]) => [label, median(xs)]));
  const base = medians.get(list[0]!.label)!;
  console.log(`\n${title} (median of ${RUNS} runs)`);
  console.log(
    `${'command'.padEnd(44)}${'median'.padStart(10)}${'fastest'.padStart(10)}${'- node'.padStart(10)}`,
  );
  for (const [label, xs] of times) {
    const m = medians.get(label)!;
    console.log(
      `${label.padEnd(44)}${`${m.toFixed(0)} ms`.padStart(10)}${`${Math.min(...xs).toFixed(0)} ms`.padStart(10)}` +
        `${label === list[0]!.label ? '' : `+${(m - base).toFixed(0)} ms`.padStart(10)}`,
    );
  }
  return medians;
}

execFileSync('pnpm', ['exec', 'tsc', '-b'], { cwd: REPO, stdio: 'inherit' });
const built = measure(
  'built CLI: node packages/cli/dist/src/main.js',
  cases(join(REPO, 'packages/cli/dist/src/main.js'), []),
);
measure(
  'from sources: node --conditions=@sessionchaos/source packages/cli/src/main.ts',
  cases(join(REPO, 'packages/cli/src/main.ts'), ['--conditions=@sessionchaos/source']),
);
const validate = built.get(`validate ${SCENARIO}`)!;
console.log(
  `\nvalidate from the built CLI: ${validate.toFixed(0)} ms (goal < ${GOAL_MS} ms): ${validate < GOAL_MS ? 'met' : 'NOT met'}`,
);
