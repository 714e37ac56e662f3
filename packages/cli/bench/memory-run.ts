// pnpm bench:memory — issue 15's figure: the memory of the real CLI running 2,000 users for 10
// minutes against a correct local target (one lab app node, memory store, in its own process),
// sampled every 30 s inside the CLI process, printed as a table, with the flatness line "last
// sample within X% of the 1-minute sample (goal <= 15%)" on resident memory.
// Env: MEMORY_BENCH_USERS (2000), MEMORY_BENCH_DURATION (10m), MEMORY_BENCH_EVERY (30s),
// MEMORY_BENCH_THINK (500ms); MEMORY_BENCH_NODE_FLAGS adds node flags to the CLI process (e.g.
// --max-semi-space-size=32, to see how V8's heap sizing moves the figure).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDuration } from '@sessionchaos/core';

const USERS = Number(process.env.MEMORY_BENCH_USERS ?? 2000);
const DURATION = process.env.MEMORY_BENCH_DURATION ?? '10m';
const EVERY = process.env.MEMORY_BENCH_EVERY ?? '30s';
const THINK = process.env.MEMORY_BENCH_THINK ?? '500ms';
const NODE_ARGS = ['--conditions=@sessionchaos/source', '--disable-warning=ExperimentalWarning'];
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

interface Sample {
  atMs: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  cpuMs: number;
}

function ms(text: string, name: string): number {
  const d = parseDuration(text);
  if (typeof d !== 'number' || d <= 0)
    throw new Error(`${name}="${text}" is not a duration (30s, 2m, 1500ms)`);
  return d;
}

async function firstLine(p: ChildProcess): Promise<string> {
  let out = '';
  for await (const chunk of p.stdout as AsyncIterable<Buffer>) {
    out += chunk.toString();
    if (out.includes('\n')) break;
  }
  return out.trim();
}

const mb = (bytes: number): string => (bytes / 1048576).toFixed(1).padStart(8);

const durationMs = ms(DURATION, 'MEMORY_BENCH_DURATION');
const everyMs = ms(EVERY, 'MEMORY_BENCH_EVERY');
const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-memory-'));
const target = spawn(process.execPath, [...NODE_ARGS, here('../../lab/bench/app-target.ts')], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
try {
  const url = `http://127.0.0.1:${Number(await firstLine(target))}`;
  const scenario = join(dir, 'memory.yaml');
  await writeFile(
    scenario,
    JSON.stringify({
      name: 'memory-bench',
      description: 'A correct target under steady load, no faults: only the tool is measured.',
      target: { url, nodes: 1 },
      load: { users: USERS, duration: DURATION, think: THINK },
      faults: [],
    }),
  );
  const samples = join(dir, 'samples.ndjson');
  console.log(
    `memory of one CLI run: ${USERS} users (closed, think ${THINK}) for ${DURATION} against one lab app ` +
      `node (memory store, own process) at ${url}, sampled every ${EVERY} in the CLI process`,
  );
  const t0 = performance.now();
  const cli = spawn(
    process.execPath,
    [
      ...NODE_ARGS,
      ...(process.env.MEMORY_BENCH_NODE_FLAGS ?? '').split(' ').filter((f) => f !== ''),
      '--import',
      process.env.MEMORY_BENCH_SAMPLER ?? here('./memory-sampler.ts'),
      here('../src/main.ts'),
      'run',
      scenario,
      '--out',
      join(dir, 'out'),
      '--no-dashboard',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        SESSIONCHAOS_MEMORY_SAMPLES: samples,
        SESSIONCHAOS_MEMORY_EVERY_MS: String(everyMs),
      },
    },
  );
  let lastProgress = '';
  cli.stderr?.on('data', (chunk: Buffer) => {
    const lines = chunk.toString().trim().split('\n');
    lastProgress = lines[lines.length - 1] ?? lastProgress;
  });
  const [code] = (await once(cli, 'exit')) as [number | null];
  console.log(
    `the run took ${((performance.now() - t0) / 1000).toFixed(0)} s, exit ${code}; last progress: ${lastProgress}`,
  );
  // The load the memory carried: a slower machine sends fewer requests and holds less garbage.
  const summary = await readFile(join(dir, 'out', 'summary.json'), 'utf8').then(
    (text) => JSON.parse(text) as { requests?: { total?: number; rps?: number } },
    () => undefined,
  );
  if (summary?.requests)
    console.log(`requests: ${summary.requests.total} in all, ${Math.round(summary.requests.rps ?? 0)}/s`);
  const rows = (await readFile(samples, 'utf8').catch(() => ''))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Sample);
  console.log('     t s   rss MB  heapUsed heapTotal  external  arrayBuf  CPU s');
  for (const s of rows)
    console.log(
      `${(s.atMs / 1000).toFixed(0).padStart(8)} ${mb(s.rss)}  ${mb(s.heapUsed)}  ${mb(s.heapTotal)}  ${mb(s.external)}  ${mb(s.arrayBuffers)}  ${(s.cpuMs / 1000).toFixed(0).padStart(5)}`,
    );
  // The sample nearest one minute in, and the last one taken while the traffic still ran.
  // (The sampler's clock starts with the process, a second or two before the traffic does.)
  const during = rows.filter((s) => s.atMs <= durationMs + everyMs / 2);
  const minute = during.reduce<Sample | undefined>(
    (best, s) => (best === undefined || Math.abs(s.atMs - 60_000) < Math.abs(best.atMs - 60_000) ? s : best),
    undefined,
  );
  const last = during[during.length - 1];
  if (minute === undefined || last === undefined || last === minute)
    console.log('last sample within n/a of the 1-minute sample (goal <= 15%): too few samples for a figure');
  else {
    const pct = ((last.rss - minute.rss) / minute.rss) * 100;
    console.log(
      `rss at ${(minute.atMs / 1000).toFixed(0)} s ${mb(minute.rss).trim()} MB, at ${(last.atMs / 1000).toFixed(0)} s ` +
        `${mb(last.rss).trim()} MB: last sample within ${pct.toFixed(1)}% of the 1-minute sample (goal <= 15%)`,
    );
  }
} finally {
  target.stdin?.end();
  target.kill();
  await rm(dir, { recursive: true, force: true });
}
