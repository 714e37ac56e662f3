// pnpm bench:traffic — our VUs (own jars, full history recording) against autocannon, wrk and the
// undici floor (GET /), then against Artillery and Locust (log in, who am I, write, cookie jars) on
// one local target, same connections and duration, in one run; then the resident
// memory of 100,000 logged-in idle VUs. Env: BENCH_CONNECTIONS (50), BENCH_SECONDS (10),
// BENCH_MEMORY_VUS (100000), BENCH_REAL_LOGINS (5000).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BinaryHistoryEncoder, type RequestSpec } from '@sessionchaos/core';
import { requestIteration, startRun, type Iteration } from '../src/index.ts';
import { runClientFloor } from './client-floor.ts';
import { journeyIteration, overheadOverClient } from './journey-bench.ts';
import { runLocust } from './locust-peer.ts';
import { runArtillery, runAutocannon, runWrk, type PeerResult } from './peers.ts';
import { PLAIN, RICH } from './who-am-i.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MEMORY_VUS = Number(process.env.BENCH_MEMORY_VUS ?? 100_000);
const REAL_LOGINS = Number(process.env.BENCH_REAL_LOGINS ?? 5_000);
const NODE_ARGS = ['--conditions=@sessionchaos/source', '--disable-warning=ExperimentalWarning'];

function child(script: string, args: string[], extra: string[] = []): ChildProcess {
  const path = fileURLToPath(new URL(script, import.meta.url));
  return spawn(process.execPath, [...NODE_ARGS, ...extra, path, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** Raises the process's scheduling priority (nice -5); says what it did. */
function prioritize(pid: number | undefined): string {
  try {
    setPriority(pid ?? 0, -5);
    return 'scheduled ahead of the load (nice -5)';
  } catch (error) {
    return `at the load's priority (${(error as Error).message}: run as root to schedule it ahead)`;
  }
}

async function firstLine(p: ChildProcess): Promise<string> {
  let out = '';
  for await (const chunk of p.stdout as AsyncIterable<Buffer>) {
    out += chunk.toString();
    if (out.includes('\n')) break;
  }
  return out.trim();
}

/** Slices of one measurement as one figure (and a new note). */
function sum(a: PeerResult, b: PeerResult | undefined, note?: string): PeerResult {
  if ('skipped' in a) return a;
  if (b === undefined) return { ...a, note: note ?? a.note };
  if ('skipped' in b) return b;
  const requests = a.requests + b.requests;
  const cpuUs = (a.cpuUs ?? 0) + (b.cpuUs ?? 0);
  return {
    rps: requests / (a.requests / a.rps + b.requests / b.rps || 1),
    requests,
    note: note ?? a.note,
    cpuUs,
  };
}

function stepIteration(spec: RequestSpec): Iteration {
  return async (vu, ctx, think) => {
    await vu.step(ctx, 'request', spec);
    await think();
  };
}

/** Our VUs: one per connection, each with its jar, every op recorded once into the binary history (to /dev/null), as a run records it. */
async function runOurs(
  target: string,
  seconds: number,
  iteration: Iteration = requestIteration('/'),
): Promise<PeerResult> {
  const binOut = createWriteStream('/dev/null', { highWaterMark: 1 << 20 });
  const bin = new BinaryHistoryEncoder();
  let ops = 0;
  const cpu0 = process.cpuUsage();
  const run = startRun({
    target,
    load: { model: 'closed', vus: CONNECTIONS, thinkMs: 0, durationMs: seconds * 1000 },
    iteration,
    connections: CONNECTIONS,
    // As the history writer does: each op once into the binary history, 64 KiB batches (its
    // NDJSON is made from it when the run ends, not on the hot path).
    sink: (op) => {
      bin.add(op, ops++);
      if (bin.pendingBytes > 65_536) binOut.write(bin.take());
    },
  });
  const r = await run.done;
  bin.end();
  binOut.end(bin.take());
  const cpu = process.cpuUsage(cpu0);
  await once(binOut, 'close');
  return {
    rps: r.requests / (r.durationMs / 1000),
    requests: r.requests,
    note: `${ops} ops recorded`,
    cpuUs: cpu.user + cpu.system,
  };
}

function show(name: string, r: PeerResult): void {
  if ('skipped' in r) console.log(`${name}: skipped - ${r.skipped}`);
  else {
    const cpu = r.cpuUs === undefined ? '' : `, ${Math.round(r.cpuUs / r.requests)} µs CPU per request`;
    console.log(`${name}: ${Math.round(r.rps)} req/s (${r.requests} requests; ${r.note}${cpu})`);
  }
}

function ratio(ours: PeerResult, peer: PeerResult, name: string): void {
  if ('skipped' in ours || 'skipped' in peer)
    console.log(`sessionchaos req/s over ${name} req/s: skipped (${name} did not run) ratio-vs-${name}: n/a`);
  else
    console.log(
      `sessionchaos req/s over ${name} req/s ratio-vs-${name}: ${(ours.rps / peer.rps).toFixed(2)}`,
    );
}

/** Our CPU per request over a peer's, measured in the same run (goal: at or below autocannon's). */
function cpuRatio(
  ours: PeerResult,
  peer: PeerResult,
  name: string,
  who = 'sessionchaos',
  key = `cpu-ratio-vs-${name}`,
): void {
  if ('skipped' in ours || 'skipped' in peer || ours.cpuUs === undefined || peer.cpuUs === undefined)
    console.log(`CPU per request, ${who} over ${name}: skipped (not measured) ${key}: n/a`);
  else {
    const o = ours.cpuUs / ours.requests;
    const p = peer.cpuUs / peer.requests;
    console.log(
      `CPU per request, ${who} ${o.toFixed(1)} µs over ${name} ${p.toFixed(1)} µs ${key}: ${(o / p).toFixed(2)}`,
    );
  }
}

const server = child('./target-server.ts', []);
// The target stands for a server on its own machine: on this one it shares the cores with the load,
// and a third busy process (2 shards beside it) would starve it of the core it needs, measuring the
// target's share of the CPU rather than the tool. So it runs ahead of every load process (each peer
// alike) where the system allows it.
const targetPriority = prioritize(server.pid);
try {
  const port = Number(await firstLine(server));
  const url = `http://127.0.0.1:${port}/`;
  console.log(
    `target: minimal node:http session server in a child process (nginx not installed), ${url}, ${targetPriority}`,
  );
  console.log(`each measurement: ${CONNECTIONS} connections, ${SECONDS} s`);
  // Warm-ups (not counted) so that neither side is measured while its JIT is cold.
  await runAutocannon(url, CONNECTIONS, 2);
  await runOurs(url, 2);
  // Interleaved slices (ours, autocannon, wrk, ours, ...), so a load change on this shared machine
  // hits every side alike; each side still gets SECONDS in all.
  const slices = Math.max(1, Math.floor(SECONDS / 2));
  let ours: PeerResult | undefined;
  let ac: PeerResult | undefined;
  let wrk: PeerResult | undefined;
  let floor: PeerResult | undefined;
  await runClientFloor(url, CONNECTIONS, 1);
  for (let i = 0; i < slices; i++) {
    const o = await runOurs(url, SECONDS / slices);
    ours = ours ? sum(ours, o) : o;
    const a = await runAutocannon(url, CONNECTIONS, SECONDS / slices);
    ac = ac ? sum(ac, a) : a;
    const w = runWrk(url, CONNECTIONS, SECONDS / slices);
    wrk = wrk ? sum(wrk, w) : w;
    const f = await runClientFloor(url, CONNECTIONS, SECONDS / slices);
    floor = floor ? sum(floor, f) : f;
  }
  ours = sum(
    ours as PeerResult,
    undefined,
    `${CONNECTIONS} VUs, own jars, every op recorded once (binary history)`,
  );
  ac = sum(ac as PeerResult, undefined, 'no cookies');
  wrk = sum(wrk as PeerResult, undefined, '1 thread, no cookies, no Lua script');
  show('sessionchaos', ours);
  show('autocannon', ac);
  show('wrk', wrk);
  floor = sum(
    floor as PeerResult,
    undefined,
    'our HTTP client alone: undici, no jars, no journey, no history',
  );
  show('undici floor', floor);
  ratio(ours, ac, 'autocannon');
  ratio(ours, wrk, 'wrk');
  // The session-aware peers, each walking the journey's shape (log in, who am I, write) with a
  // cookie jar per user, against ours walking the same steps.
  const journey = sum(
    await runOurs(url, SECONDS, journeyIteration()),
    undefined,
    `${CONNECTIONS} VUs, log in + who am I + write, own jars, every op recorded once`,
  );
  show('sessionchaos, journey', journey);
  const art = runArtillery(url, CONNECTIONS, SECONDS);
  show('artillery', art);
  const locust = runLocust(url, CONNECTIONS, SECONDS, 'HttpUser');
  show('locust (HttpUser)', locust);
  const locustFast = runLocust(url, CONNECTIONS, SECONDS, 'FastHttpUser');
  show('locust (FastHttpUser)', locustFast);
  ratio(journey, art, 'artillery');
  ratio(journey, locust, 'locust');
  ratio(journey, locustFast, 'locust-fast');
  cpuRatio(journey, locust, 'locust');
  cpuRatio(journey, locustFast, 'locust-fast');
  overheadOverClient(ours, floor);
  cpuRatio(ours, ac, 'autocannon');
  cpuRatio(ours, wrk, 'wrk');
  // The chosen client's own cost against autocannon's: if it is not below 1, no saving on our side
  // of it can bring ours below autocannon either.
  cpuRatio(floor, ac, 'autocannon', 'undici alone', 'undici-floor-cpu-ratio-vs-autocannon');
  // The journey language's cost: the same request with two templated headers and two captures
  // (a JSON path and a header) against it plain, interleaved slices, CPU per request compared.
  let plain: PeerResult | undefined;
  let rich: PeerResult | undefined;
  await runOurs(url, 1, stepIteration(RICH));
  for (let i = 0; i < slices; i++) {
    const p = await runOurs(url, SECONDS / slices, stepIteration(PLAIN));
    plain = plain ? sum(plain, p) : p;
    const r = await runOurs(url, SECONDS / slices, stepIteration(RICH));
    rich = rich ? sum(rich, r) : r;
  }
  show('journey, plain GET /api/me', sum(plain as PeerResult, undefined, 'no headers, no captures'));
  show(
    'journey, same with headers and captures',
    sum(rich as PeerResult, undefined, '3 headers (2 templated), 2 captures'),
  );
  if (plain && rich && !('skipped' in plain) && !('skipped' in rich))
    console.log(
      `CPU per request with headers and captures over plain capture-cost-ratio: ${(
        rich.cpuUs! /
        rich.requests /
        (plain.cpuUs! / plain.requests)
      ).toFixed(2)} (goal <= 1.10)`,
    );
  // Scale-out on one machine: the same VUs in one process, then split into 2 shard processes run
  // together (each with half the users, --shard 1/2 and 2/2), same target, same length.
  const one = await runOurs(url, SECONDS);
  const halves = await Promise.all(
    ['1/2', '2/2'].map(async (k) => {
      const p = child('./shard-child.ts', [url, k, String(CONNECTIONS), String(SECONDS)]);
      return JSON.parse(await firstLine(p)) as { requests: number };
    }),
  );
  const split = halves.reduce((a, h) => a + h.requests, 0);
  if (!('skipped' in one))
    console.log(
      `${CONNECTIONS} VUs: one process ${one.requests} requests, 2 shard processes ${split} (${halves
        .map((h) => h.requests)
        .join(' + ')}) shards-over-one-process: ${(split / one.requests).toFixed(2)} (goal >= 0.90)`,
    );
  const mem = child(
    './memory-vus.ts',
    [url.slice(0, -1), String(MEMORY_VUS), String(REAL_LOGINS)],
    ['--expose-gc', '--max-old-space-size=4096'],
  );
  const m = JSON.parse(await firstLine(mem)) as {
    count: number;
    real: number;
    loggedIn: number;
    loginMs: number;
    rssBytes: number;
    heapBytes: number;
  };
  console.log(
    `${m.count} idle VUs, ${m.loggedIn} holding a session cookie (${m.real} logged in over HTTP, the rest given ` +
      `the target's Set-Cookie through the same jar path) in ${(m.loginMs / 1000).toFixed(1)} s; ` +
      `heap per VU ${Math.round(m.heapBytes / m.count)} bytes`,
  );
  console.log(`resident memory per logged-in idle VU bytes-per-vu: ${Math.round(m.rssBytes / m.count)}`);
} finally {
  server.stdin?.end();
  server.kill();
}
