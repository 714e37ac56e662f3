// pnpm bench:report: re-checking a saved 1M-op run (issue 17, "history at read speed"). Writes a
// run dir (history.ndjson and history.bin through the real HistoryWriter, run.json), then times,
// on a warm page cache, for each format: reading the file, decoding it, decoding + checking it
// (every checker); and the whole `sessionchaos report <dir>` as a child process, which reads the
// bin, and again with the bin moved away (the NDJSON). Every figure is also printed over the time
// to just read its file, so "bound by reading the file" means the same on any machine. Never a test.
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BinaryHistoryDecoder, HistoryChecker, NdjsonDecoder } from '@sessionchaos/core';
import { generateHistory } from '../../core/test/fixtures/generate-history.ts';
import { HistoryWriter } from '../src/history-writer.ts';
import { HISTORY_BIN_FILE, HISTORY_FILE, writeRunMeta } from '../src/run-meta.ts';

const OPS = Number(process.env.BENCH_OPS ?? 1_000_000);
const VUS = 1000;
const ROUNDS = 3;
const root = new URL('../../../', import.meta.url).pathname;

// CPU time of the main thread (Node >= 23.9): wall time on a shared machine counts whatever else runs.
const cpu = (): number => {
  const u = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.() ?? process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Timing {
  wallMs: number;
  cpuMs: number;
}

/** The best of ROUNDS runs (the least disturbed by other jobs on the machine). */
async function best(f: () => Promise<unknown>): Promise<Timing> {
  let out: Timing = { wallMs: Infinity, cpuMs: Infinity };
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    const c = cpu();
    await f();
    const timing = { wallMs: performance.now() - t, cpuMs: cpu() - c };
    if (timing.wallMs < out.wallMs) out = timing;
  }
  return out;
}

async function eachChunk(path: string, encoding: 'utf8' | undefined, f: (c: Buffer | string) => void) {
  for await (const chunk of createReadStream(path, { encoding, highWaterMark: 1 << 20 })) f(chunk as Buffer);
}

const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-report-bench-'));
try {
  const path = join(dir, HISTORY_FILE);
  const binPath = join(dir, HISTORY_BIN_FILE);
  const writer = new HistoryWriter(path);
  let addMs = 0;
  for (const batch of generateHistory({ vus: VUS, ops: OPS, seed: 42 })) {
    const t = performance.now();
    for (const op of batch) writer.add(op);
    addMs += performance.now() - t;
  }
  await writer.close();
  await writeRunMeta(dir, {
    scenario: { name: 'report-bench' },
    target: { url: 'http://127.0.0.1:1', strategy: null },
    seed: 42,
    startedAt: new Date(0).toISOString(),
    durationMs: 0,
    thresholds: [{ metric: 'finding', kind: 'lost-session', maxCount: 0 }],
    checkOptions: { nodes: 3 },
  });
  const bytes = (await stat(path)).size;
  const binBytes = (await stat(binPath)).size;
  console.log(
    `run dir: ${writer.count} ops, ${HISTORY_FILE} ${(bytes / 1048576).toFixed(0)} MB (${(bytes / writer.count).toFixed(1)} bytes per op), ` +
      `${HISTORY_BIN_FILE} ${(binBytes / 1048576).toFixed(0)} MB (${(binBytes / writer.count).toFixed(1)} bytes per op) (best of ${ROUNDS})`,
  );
  console.log(
    `HistoryWriter.add(): ${((addMs * 1e6) / writer.count).toFixed(0)} ns per op (both files, flushes included)`,
  );

  // The binary history first: as in `sessionchaos report`, the checkers then run on code V8
  // compiled for binary-decoded ops (one hidden class), not for the NDJSON's ten shapes.
  const binRead = await best(() => eachChunk(binPath, undefined, () => {}));
  const binDecode = await best(async () => {
    const d = new BinaryHistoryDecoder();
    let n = 0;
    await eachChunk(binPath, undefined, (c) => d.feedEach(c as Buffer, () => n++));
    if (!d.end().complete) throw new Error(`${binPath} has no end record`);
  });
  let binFindings = '';
  const binCheck = await best(async () => {
    const d = new BinaryHistoryDecoder();
    const checker = new HistoryChecker({ nodes: 3 });
    // As `sessionchaos report` reads it: each op handed on as it is decoded.
    await eachChunk(binPath, undefined, (c) => d.feedEach(c as Buffer, (op) => checker.feed(op)));
    binFindings = checker
      .finish()
      .findings.map((x) => `${x.kind}:${x.count}`)
      .join(' ');
  });
  const read = await best(() => eachChunk(path, undefined, () => {}));
  const decode = await best(async () => {
    const d = new NdjsonDecoder();
    await eachChunk(path, 'utf8', (c) => d.feed(c as string));
    d.end();
  });
  let findings = '';
  const check = await best(async () => {
    const d = new NdjsonDecoder();
    const checker = new HistoryChecker({ nodes: 3 });
    await eachChunk(path, 'utf8', (c) => {
      for (const op of d.feed(c as string)) checker.feed(op);
    });
    for (const op of d.end()) checker.feed(op);
    findings = checker
      .finish()
      .findings.map((x) => `${x.kind}:${x.count}`)
      .join(' ');
  });
  // The CLI as installed (`npx sessionchaos`): the compiled JavaScript, built here first (tsc -b is
  // incremental), then the TypeScript sources as in development, which pay Node's type stripping
  // of every module at start.
  const built = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0)
    throw new Error(`tsc -b failed (exit ${built.status}): the built CLI cannot be timed`);
  const installed = [join(root, 'packages/cli/bin/sessionchaos.js')];
  const sources = ['--conditions=@sessionchaos/source', join(root, 'packages/cli/src/main.ts')];
  let exit: number | null = null;
  const runReport = (cli: string[]) =>
    best(async () => {
      const r = spawnSync(process.execPath, [...cli, 'report', dir], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      exit = r.status;
    });
  const report = await runReport(installed);
  const reportExit = exit;
  const reportSources = await runReport(sources);
  await rename(binPath, `${binPath}.away`);
  const reportNdjson = await runReport(installed);
  await rename(`${binPath}.away`, binPath);

  const s = (t: Timing): string =>
    `${(t.wallMs / 1000).toFixed(2)} s (main-thread cpu ${(t.cpuMs / 1000).toFixed(2)} s)`;
  const over = (t: Timing, r = read): string => (t.wallMs / r.wallMs).toFixed(1);
  console.log(`NDJSON: read ${s(read)} = ${(bytes / 1048576 / (read.wallMs / 1000)).toFixed(0)} MB/s`);
  console.log(`  decode ${s(decode)}, decode-over-read ${over(decode)}`);
  console.log(`  decode + check ${s(check)}, check-over-read ${over(check)} (goal: under 1.2 s)`);
  console.log(`  findings: ${findings}`);
  console.log(
    `binary: read ${s(binRead)} = ${(binBytes / 1048576 / (binRead.wallMs / 1000)).toFixed(0)} MB/s`,
  );
  console.log(`  decode (binary) ${s(binDecode)}, decode-over-read ${over(binDecode, binRead)}`);
  console.log(
    `  binary decode + check ${s(binCheck)}, check-over-read ${over(binCheck, binRead)} (goal: under 0.6 s)`,
  );
  console.log(`  findings: ${binFindings === findings ? 'the same' : `DIFFER: ${binFindings}`}`);
  console.log(
    `sessionchaos report (built CLI in a child process, reads ${HISTORY_BIN_FILE}, exit ${reportExit}): ${(report.wallMs / 1000).toFixed(2)} s, ` +
      `report-over-read ${over(report, binRead)} (goal: under 1.0 s)`,
  );
  console.log(
    `  the same from the TypeScript sources (--conditions=@sessionchaos/source): ${(reportSources.wallMs / 1000).toFixed(2)} s`,
  );
  console.log(
    `sessionchaos report without ${HISTORY_BIN_FILE} (built CLI, reads ${HISTORY_FILE}, exit ${exit}): ${(reportNdjson.wallMs / 1000).toFixed(2)} s, ` +
      `report-over-read ${over(reportNdjson)}`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
