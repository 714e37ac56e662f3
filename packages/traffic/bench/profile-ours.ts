// Profiles our VUs alone: `node --conditions=@sessionchaos/source --cpu-prof --cpu-prof-dir=/tmp/prof
// bench/profile-ours.ts [seconds] [root|rich|journey]`, then `node bench/cpuprofile-summary.ts /tmp/prof/*.cpuprofile`. The
// bench target in a child process, then our measurement of traffic-bench, so the .cpuprofile
// holds the load generator's own cost.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BinaryHistoryEncoder } from '@sessionchaos/core';
import { journeyIteration } from './journey-bench.ts';
import { RICH } from './who-am-i.ts';
import { requestIteration, startRun, type Iteration } from '../src/index.ts';

const seconds = Number(process.argv[2] ?? 8);
const kind = process.argv[3] ?? 'root';
const iteration: Iteration =
  kind === 'rich'
    ? async (vu, ctx, think) => {
        await vu.step(ctx, 'request', RICH);
        await think();
      }
    : kind === 'journey'
      ? journeyIteration()
      : requestIteration('/');
const server = spawn(
  process.execPath,
  ['--conditions=@sessionchaos/source', fileURLToPath(new URL('./target-server.ts', import.meta.url))],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
let out = '';
for await (const c of server.stdout as AsyncIterable<Buffer>) {
  out += c.toString();
  if (out.includes('\n')) break;
}
const url = `http://127.0.0.1:${Number(out.trim())}/`;
let ops = 0;
const bin = new BinaryHistoryEncoder();
const cpu0 = process.cpuUsage();
const r = await startRun({
  target: url,
  load: { model: 'closed', vus: 50, thinkMs: 0, durationMs: seconds * 1000 },
  iteration,
  connections: 50,
  sink: (op) => {
    // As the run's history writer (and traffic-bench) does: each op once, into the binary history.
    bin.add(op, ops++);
    if (bin.pendingBytes > 65_536) bin.take();
  },
}).done;
const cpu = process.cpuUsage(cpu0);
console.log(
  `${r.requests} requests, ${Math.round(r.requests / (r.durationMs / 1000))} req/s, ${Math.round(
    (cpu.user + cpu.system) / r.requests,
  )} µs CPU per request, ${ops} ops`,
);
server.stdin?.end();
server.kill();
