// Streams generated histories through the NDJSON codec and every checker, and prints time and
// memory; then, in a pass of its own (so the NDJSON figures stay as they were), through the binary
// history codec and every checker. Timed: encode, decode and check (and, separately, metrics);
// not timed: generating the ops. Run with `pnpm bench:checker`.
// eslint-disable-next-line no-restricted-imports -- the bench, not the package: it runs the binary pass in a process of its own
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HistoryChecker } from '../src/checkers/check-history.ts';
import { BinaryHistoryDecoder } from '../src/history/binary-decoder.ts';
import { BinaryHistoryEncoder } from '../src/history/binary-encoder.ts';
import { encodeOp, NdjsonDecoder } from '../src/history/ndjson.ts';
import { RunMetrics } from '../src/metrics/run-metrics.ts';
import { generateHistory } from '../test/fixtures/generate-history.ts';

interface Figures {
  label: string;
  ops: number;
  vus: number;
  encodeMs: number;
  decodeMs: number;
  checkMs: number;
  checkCpuMs: number;
  metricsMs: number;
  peakHeapMb: number;
  retainedHeapMb: number;
  /** Heap the checkers, decoder and metrics still hold at the end (retained minus before the run). */
  stateKb: number;
  findings: string;
  /** NDJSON bytes written (the text is ASCII: one byte a character). */
  bytes: number;
}

interface BinaryFigures {
  encodeMs: number;
  decodeMs: number;
  decodeCheckMs: number;
  /** Main-thread CPU of decode + check: on a shared machine, wall time also counts the others' jobs. */
  decodeCheckCpuMs: number;
  bytes: number;
  findings: string;
}

// CPU time of the main thread only (Node >= 23.9): the process figure also counts the GC and
// JIT helper threads, and wall time counts whatever else the machine runs.
const threadCpu = (since?: NodeJS.CpuUsage): NodeJS.CpuUsage =>
  (process as { threadCpuUsage?: (p?: NodeJS.CpuUsage) => NodeJS.CpuUsage }).threadCpuUsage?.(since) ??
  process.cpuUsage(since);
const mb = (bytes: number): number => Math.round(bytes / 1048576);
const gc = (globalThis as { gc?: () => void }).gc;

function run(label: string, vus: number, ops: number): Figures {
  // Twice: one full GC can leave what the last one freed to a second (the state figure is a difference).
  gc?.();
  gc?.();
  const baseHeap = process.memoryUsage().heapUsed;
  const decoder = new NdjsonDecoder();
  const checker = new HistoryChecker({ nodes: 3 });
  const metrics = new RunMetrics();
  const f: Figures = {
    label,
    ops: 0,
    vus,
    encodeMs: 0,
    decodeMs: 0,
    checkMs: 0,
    checkCpuMs: 0,
    metricsMs: 0,
    peakHeapMb: 0,
    retainedHeapMb: 0,
    stateKb: 0,
    findings: '',
    bytes: 0,
  };
  let batches = 0;
  for (const batch of generateHistory({ vus, ops, seed: 42 })) {
    let t = performance.now();
    let text = '';
    for (const op of batch) text += encodeOp(op) + '\n';
    // Feed in file-sized pieces, cut mid-line, as a file stream would.
    f.bytes += text.length;
    const cut = Math.floor(text.length / 2);
    const pieces = [text.slice(0, cut), text.slice(cut)];
    f.encodeMs += performance.now() - t;
    for (const piece of pieces) {
      t = performance.now();
      const decoded = decoder.feed(piece);
      f.decodeMs += performance.now() - t;
      t = performance.now();
      const cpu = threadCpu();
      for (const op of decoded) checker.feed(op);
      const used = threadCpu(cpu);
      f.checkMs += performance.now() - t;
      f.checkCpuMs += (used.user + used.system) / 1000;
      t = performance.now();
      for (const op of decoded) metrics.feed(op);
      f.metricsMs += performance.now() - t;
      f.ops += decoded.length;
    }
    if (++batches % 50 === 0) f.peakHeapMb = Math.max(f.peakHeapMb, mb(process.memoryUsage().heapUsed));
  }
  // What the checkers hold at the end (live state only, after a full GC), before reporting.
  gc?.();
  f.retainedHeapMb = mb(process.memoryUsage().heapUsed);
  f.stateKb = Math.round((process.memoryUsage().heapUsed - baseHeap) / 1024);
  f.peakHeapMb = Math.max(f.peakHeapMb, f.retainedHeapMb);
  const result = checker.finish();
  f.findings = result.findings.map((x) => `${x.kind}:${x.count}${x.fault ? `@${x.fault}` : ''}`).join(' ');
  return f;
}

/**
 * The same history through the binary codec, in a process of its own (`binaryFigures` below):
 * as in `sessionchaos report`, the checkers there only ever see binary-decoded ops, all of one
 * hidden class. Run after the NDJSON pass in this process, they would be judged on code V8
 * compiled for the NDJSON's ten shapes. Encoded in ~1 MiB chunks as the writer writes them;
 * timed: encoding, decoding alone, and decoding + checking with each op handed on as decoded.
 */
function runBinary(vus: number, ops: number): BinaryFigures {
  const encoder = new BinaryHistoryEncoder();
  const chunks: Uint8Array[] = [];
  let encodeMs = 0;
  for (const batch of generateHistory({ vus, ops, seed: 42 })) {
    const t = performance.now();
    for (const op of batch) encoder.add(op);
    if (encoder.pendingBytes >= 1 << 20) chunks.push(encoder.take());
    encodeMs += performance.now() - t;
  }
  encoder.end();
  chunks.push(encoder.take());
  let t = performance.now();
  const alone = new BinaryHistoryDecoder();
  let decoded = 0;
  for (const chunk of chunks) alone.feedEach(chunk, () => decoded++);
  const decodeMs = performance.now() - t;
  if (!alone.end().complete || decoded !== encoder.count)
    throw new Error(`the binary history decoded ${decoded} ops`);
  gc?.();
  t = performance.now();
  const cpu = threadCpu();
  const decoder = new BinaryHistoryDecoder();
  const checker = new HistoryChecker({ nodes: 3 });
  for (const chunk of chunks) decoder.feedEach(chunk, (op) => checker.feed(op));
  const result = checker.finish();
  const decodeCheckMs = performance.now() - t;
  const used = threadCpu(cpu);
  return {
    encodeMs,
    decodeMs,
    decodeCheckMs,
    decodeCheckCpuMs: (used.user + used.system) / 1000,
    bytes: chunks.reduce((n, c) => n + c.length, 0),
    findings: result.findings.map((x) => `${x.kind}:${x.count}${x.fault ? `@${x.fault}` : ''}`).join(' '),
  };
}

/** {@link runBinary} in a child process (this script with `binary VUS OPS`), its figures as JSON. */
function binaryFigures(vus: number, ops: number): BinaryFigures {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), 'binary', String(vus), String(ops)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (child.status !== 0) throw new Error(`the binary pass exited with ${child.status}`);
  return JSON.parse(child.stdout) as BinaryFigures;
}

if (process.argv[2] === 'binary') {
  console.log(JSON.stringify(runBinary(Number(process.argv[3]), Number(process.argv[4]))));
  process.exit(0);
}

const configs: [string, number, number][] = [
  ['1M ops, 1000 VUs', 1000, 1_000_000],
  ['1M ops, 2000 VUs (2x VUs)', 2000, 1_000_000],
  ['2M ops, 1000 VUs (2x length)', 1000, 2_000_000],
];
if (!gc) console.log('(run with --expose-gc for retained-heap figures)');
const all: Figures[] = [];
for (const [label, vus, ops] of configs) {
  const f = run(label, vus, ops);
  all.push(f);
  const s = (ms: number): string => (ms / 1000).toFixed(2);
  console.log(
    `${f.label}: ${f.ops} ops | check ${s(f.checkMs)} s (main-thread cpu ${s(f.checkCpuMs)} s), decode ${s(f.decodeMs)} s, encode ${s(f.encodeMs)} s ` +
      `(encode+decode+check ${s(f.encodeMs + f.decodeMs + f.checkMs)} s) | metrics ${s(f.metricsMs)} s | ` +
      `peak heap ${f.peakHeapMb} MB, retained heap ${f.retainedHeapMb} MB (state ${f.stateKb} KB), rss ${mb(process.memoryUsage().rss)} MB`,
  );
  console.log(`  findings: ${f.findings}`);
  const b = binaryFigures(vus, ops);
  console.log(
    `  binary (a process of its own): decode (binary) ${s(b.decodeMs)} s, binary decode + check ${s(b.decodeCheckMs)} s ` +
      `(main-thread cpu ${s(b.decodeCheckCpuMs)} s; goal: under 0.6 s for 1M ops), encode ${s(b.encodeMs)} s | bytes per op: binary ${(b.bytes / f.ops).toFixed(1)}, ` +
      `NDJSON ${(f.bytes / f.ops).toFixed(1)}` +
      (b.findings === f.findings ? '' : `\n  binary findings DIFFER: ${b.findings}`),
  );
}
const [base, vus2, len2] = all as [Figures, Figures, Figures];
console.log(
  `state held at the end, ratio to the 1M/1000 VU run: 2x VUs ${(vus2.stateKb / base.stateKb).toFixed(2)}, ` +
    `2x length ${(len2.stateKb / base.stateKb).toFixed(2)} (memory should follow VUs, not length)`,
);
console.log(
  `check speed: ${Math.round(base.ops / (base.checkMs / 1000) / 1000)}k ops/s; goal: 1M ops checked in < 3 s`,
);
