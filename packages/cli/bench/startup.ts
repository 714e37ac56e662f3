// pnpm bench:startup — issue 24's figure: how long the quick commands take from the built CLI (what an
// installed package runs), beside `node -e ''` started the same way, so the difference is what the CLI
// itself costs. Each command runs STARTUP_BENCH_RUNS times (15), the commands interleaved so that a busy
// moment of the machine falls on all of them alike; the median, the fastest run and the median minus
// node's own start are printed. The goal line: validate of a scenario under 300 ms.
// The same figures from the sources (type stripping, the @sessionchaos/source condition) follow, for
// `scripts/sessionchaos`. The workspace is compiled first (tsc -b), so dist/ is never stale.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism as cpus_, loadavg } from 'node:os';
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

/**
 * CPU time (user + system) of this process's finished children so far, in ms, from /proc/self/stat (Linux;
 * undefined elsewhere). Wall time on a busy machine mostly measures the others' load; CPU time does not.
 * Clock ticks are 10 ms: the per-command figure is a mean over the runs.
 */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5) (cutime, cstime), counted from the state field (3): indexes 13 and 14.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/** Wall and CPU time of one `node ...args` run from the repository root, in ms; throws when it fails. */
function timeOnce(args: string[]): { wall: number; cpu: number | undefined } {
  const cpu0 = childrenCpuMs();
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: REPO, env: { ...process.env, NODE_OPTIONS: '' } });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu1 = childrenCpuMs();
  if (r.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().trim()}`);
  return { wall, cpu: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0 };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const ms = (x: number | undefined, sign = ''): string =>
  x === undefined ? 'n/a' : `${sign}${x.toFixed(0)} ms`;

function measure(title: string, list: Case[]): Map<string, number> {
  const walls = new Map<string, number[]>(list.map((c) => [c.label, []]));
  const cpus = new Map<string, (number | undefined)[]>(list.map((c) => [c.label, []]));
  for (const c of list) timeOnce(c.args); // warm the file cache: the first run reads every file from disk
  for (let i = 0; i < RUNS; i++)
    for (const c of list) {
      const t = timeOnce(c.args);
      walls.get(c.label)!.push(t.wall);
      cpus.get(c.label)!.push(t.cpu);
    }
  const medians = new Map([...walls].map(([label, xs]) => [label, median(xs)]));
  const cpuMeans = new Map(
    [...cpus].map(([label, xs]) => [label, xs.includes(undefined) ? undefined : mean(xs as number[])]),
  );
  const base = list[0]!.label;
  console.log(`\n${title} (${RUNS} runs; load average ${loadavg()[0]!.toFixed(1)} on ${cpus_()} CPUs)`);
  const head = ['wall median', 'fastest', '- node', 'CPU mean', '- node'];
  console.log(`${'command'.padEnd(42)}${head.map((h) => h.padStart(12)).join('')}`);
  for (const label of walls.keys()) {
    const cpu = cpuMeans.get(label);
    const baseCpu = cpuMeans.get(base);
    const cells = [
      ms(medians.get(label)),
      ms(Math.min(...walls.get(label)!)),
      label === base ? '' : ms(medians.get(label)! - medians.get(base)!, '+'),
      ms(cpu),
      label === base || cpu === undefined || baseCpu === undefined ? '' : ms(cpu - baseCpu, '+'),
    ];
    console.log(`${label.padEnd(42)}${cells.map((c) => c.padStart(12)).join('')}`);
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
