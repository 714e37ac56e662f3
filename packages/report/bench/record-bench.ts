// pnpm bench:record: what recording a request costs on the run's hot path (issue 27: <= 1 µs).
// A request is two ops (the invoke and its completion), built as the traffic builds a whoami step
// (every key in the decoded order, one hop, one cookie sent), numbered by the traffic's Recorder
// and written by the real HistoryWriter into history.bin (flushes included, to a real file).
// Prints ns per op and per request, CPU time of this thread, best of ROUNDS; then what close()
// takes to make history.ndjson from the binary history (once, at the end of a run). Never a test.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeHop, type CookieRef } from '@sessionchaos/core';
import { Recorder, vuOpFields } from '../../traffic/src/recorder.ts';
import { HistoryWriter } from '../src/history-writer.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500_000);
const ROUNDS = 5;
const VUS = 200;

const cpu = (): number => {
  const u = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.() ?? process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const users = Array.from({ length: VUS }, (_, i) => `user-${i + 1}`);
const sessions = Array.from({ length: VUS }, (_, i) => `s${i.toString(36)}x${(i * 7919).toString(36)}`);
const sent: CookieRef[][] = sessions.map((hash) => [{ name: 'SESSION', hash }]);
const url = 'http://127.0.0.1:8080/whoami';

/** One round: REQUESTS whoami steps recorded into a fresh history; the CPU ms of the hot path and of close(). */
async function round(
  dir: string,
  withOps: boolean,
): Promise<{ hotMs: number; closeMs: number; ops: number }> {
  const writer = new HistoryWriter(join(dir, 'history.ndjson'));
  const recorder = new Recorder(withOps ? (op) => writer.add(op) : () => {});
  const c = cpu();
  for (let i = 0; i < REQUESTS; i++) {
    const vu = i % VUS;
    const invoke = recorder.invoke(vuOpFields(vu + 1, 'whoami', 0, 'GET', url, users[vu], undefined));
    invoke.session = sessions[vu];
    const done = vuOpFields(vu + 1, 'whoami', 0, 'GET', url, users[vu], undefined);
    done.status = 200;
    done.hops = [makeHop('GET', url, 200, undefined, sent[vu]!, [], 'app-2')];
    done.node = 'app-2';
    done.identity = users[vu];
    done.session = sessions[vu];
    done.latency = 0.25 + (i % 97) / 100;
    done.bodyBytes = 31;
    recorder.complete(invoke, 'ok', done, invoke.time + 0.4);
    // The event loop turns, as in a run: the flush timer fires.
    if (i % 20_000 === 0) await new Promise((r) => setImmediate(r));
  }
  const hotMs = cpu() - c;
  const t = cpu();
  await writer.close();
  return { hotMs, closeMs: cpu() - t, ops: writer.count };
}

const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-record-bench-'));
try {
  let best = { hotMs: Infinity, closeMs: Infinity, ops: 0 };
  let bare = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const b = await round(dir, false);
    bare = Math.min(bare, b.hotMs);
    const w = await round(dir, true);
    if (w.hotMs < best.hotMs) best = w;
  }
  const recordNs = ((best.hotMs - bare) * 1e6) / REQUESTS;
  const bin = (await stat(join(dir, 'history.bin'))).size;
  console.log(
    `${REQUESTS} whoami requests (${best.ops} ops), ${VUS} VUs, best of ${ROUNDS}, CPU time of this thread:`,
  );
  console.log(`  ops built + numbered (no history): ${((bare * 1e6) / REQUESTS).toFixed(0)} ns per request`);
  console.log(
    `  with the history written:         ${((best.hotMs * 1e6) / REQUESTS).toFixed(0)} ns per request`,
  );
  console.log(`record-ns-per-op ${(recordNs / 2).toFixed(0)}`);
  console.log(
    `record-ns-per-request ${recordNs.toFixed(0)} (goal <= 1000: HistoryWriter.add, two ops, flushes included)`,
  );
  console.log(
    `close(): history.ndjson made from history.bin (${(bin / best.ops).toFixed(1)} bytes per op): ` +
      `${best.closeMs.toFixed(0)} ms CPU, ${((best.closeMs * 1e6) / best.ops).toFixed(0)} ns per op, once per run`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
