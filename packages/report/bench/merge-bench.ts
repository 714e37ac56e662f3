// pnpm bench (report): merging 3 shard histories of BENCH_OPS ops each (default 1M) against checking
// one history of BENCH_OPS ops, both decoded from NDJSON and fed to the same analyzer. Goal: the
// merge takes under 3.5x the single check (it has 3x the ops). Prints the ratio; never a test.
import { encodeOp, mergeHistories, NdjsonDecoder, RunAnalyzer, type Op } from '@sessionchaos/core';
import { generateHistory } from '../../core/test/fixtures/generate-history.ts';

const OPS = Number(process.env.BENCH_OPS ?? 1_000_000);
const VUS = 1000;

/** One history as NDJSON in file-sized chunks, VU ids moved so that shards stay disjoint. */
function ndjson(seed: number, shard: number, shards: number, vus = VUS): string[] {
  const chunks: string[] = [];
  let text = '';
  for (const batch of generateHistory({ vus, ops: OPS, seed })) {
    for (const op of batch) {
      if (op.process !== 'fault') op.process = (op.process - 1) * shards + shard;
      else if (shard !== 1) continue; // faults come from one shard
      text += encodeOp(op) + '\n';
      if (text.length > 1 << 20) {
        chunks.push(text);
        text = '';
      }
    }
  }
  chunks.push(text);
  return chunks;
}

async function* decode(chunks: string[]): AsyncGenerator<Op[]> {
  const d = new NdjsonDecoder();
  for (const c of chunks) yield d.feed(c);
  yield d.end();
}

// CPU time of the main thread (Node >= 23.9): wall time on a shared machine counts whatever else runs.
const cpu = (): number => {
  const u = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.() ?? process.cpuUsage();
  return (u.user + u.system) / 1000;
};

console.log(`generating 2 + 3 histories of ${OPS} ops...`);
const singles = [VUS, 3 * VUS].map((vus) => ({ vus, chunks: ndjson(42, 1, 1, vus) }));
const shards = [1, 2, 3].map((k) => ndjson(42 + k, k, 3));

/** Decodes and checks one history; its main-thread CPU ms. */
async function checkOne(chunks: string[], vus: number): Promise<number> {
  const t0 = performance.now();
  const c0 = cpu();
  const a = new RunAnalyzer({ nodes: 3 });
  let n = 0;
  for await (const batch of decode(chunks))
    for (const op of batch) {
      a.feed(op);
      n++;
    }
  a.finish();
  const ms = cpu() - c0;
  console.log(
    `check one history of ${vus} VUs: ${n} ops in ${Math.round(performance.now() - t0)} ms (${Math.round(ms)} ms CPU)`,
  );
  return ms;
}
const [singleCpu, sameUsersCpu] = [
  await checkOne(singles[0]!.chunks, VUS),
  await checkOne(singles[1]!.chunks, 3 * VUS),
];

const t = performance.now();
const c = cpu();
const m = new RunAnalyzer({ nodes: 3 });
let merged = 0;
for await (const batch of mergeHistories(
  shards.map((chunks, i) => ({ shard: i + 1, batches: decode(chunks), offsetMs: i * 3 })),
))
  for (const op of batch) {
    m.feed(op);
    merged++;
  }
const analysis = m.finish();
const mergeMs = performance.now() - t;
const mergeCpu = cpu() - c;
console.log(
  `merge 3 shards and check: ${merged} ops in ${Math.round(mergeMs)} ms (${Math.round(mergeCpu)} ms CPU); ` +
    `${analysis.users.total} users, ${analysis.check.findings.length} findings`,
);
console.log(
  `CPU time, merge of 3 shards over one check of ${VUS} VUs (one shard's users): ${(mergeCpu / singleCpu).toFixed(2)}`,
);
// The merged run holds 3x the users of a shard: the checkers' per-user state costs more per op,
// merged or not. The fair single run is the same users in one history.
console.log(
  `CPU time, merge of 3 shards over one check of the same ${3 * VUS} users merge-ratio: ${(mergeCpu / sameUsersCpu).toFixed(2)} (goal < 3.5)`,
);
