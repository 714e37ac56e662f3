import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { HistoryBuilder, isFaultOp, type Interruption } from '@sessionchaos/core';
import {
  HistoryWriter,
  mergeShards,
  readRunMeta,
  reanalyze,
  writeReports,
  type RunMeta,
} from '../src/index.ts';
import { login, whoami } from './journey.ts';
import { analyzeRunWith, fixtureMeta } from './run-fixture.ts';
import { tmpDir } from './tmp-dir.ts';

const START = Date.parse('2025-01-02T03:04:05.000Z');

/**
 * A shard's directory as `run --shard K/2 --out` leaves it: VUs k, k+2, k+4 log in and ask "who am I"
 * every 250 ms on a healthy cluster until `untilMs`; `interrupted` goes into its run.json.
 */
async function shardDir(
  dir: string,
  k: number,
  untilMs: number,
  interrupted?: Interruption,
): Promise<string> {
  const h = new HistoryBuilder();
  const vus = [k, k + 2, k + 4];
  for (const vu of vus) login(h, vu, vu, `s${vu}`, `app-${(vu % 2) + 1}`);
  for (let t = 100; t < untilMs; t += 250)
    for (const vu of vus) whoami(h, vu, t + vu, `s${vu}`, `app-${(vu % 2) + 1}`);
  let vuIndex = 0;
  let faultIndex = 0;
  const ops = h.ops.map((op) => ({ ...op, index: isFaultOp(op) ? faultIndex++ : vuIndex++ }));
  const out = join(dir, `shard-${k}`);
  const writer = new HistoryWriter(join(out, 'history.ndjson'));
  for (const op of ops) writer.add(op);
  await writer.close();
  const { expect: _expect, ...base } = fixtureMeta('sharded');
  const meta: RunMeta = {
    ...base,
    durationMs: untilMs,
    shard: { index: k, count: 2, startEpochMs: START },
    ...(interrupted ? { interrupted } : {}),
  };
  await writeReports(out, { ...meta, analysis: analyzeRunWith(ops, meta) });
  return out;
}

test('merge: a shard interrupted by Ctrl-C makes the merged run interrupted, naming it; its run.json keeps it', async (t) => {
  const dir = await tmpDir(t);
  const whole = await shardDir(dir, 1, 4_000);
  const stopped = await shardDir(dir, 2, 2_000, {
    by: 'signal',
    atMs: 2_000,
    plannedMs: 4_000,
    plannedFaults: [],
  });
  const merged = await mergeShards([whole, stopped]);
  if ('error' in merged) return t.fail(merged.error);
  const gate = merged.input.analysis.gate;
  t.is(gate.verdict, 'interrupted');
  t.regex(
    gate.reason ?? '',
    /^shard 2 interrupted at 2\.0 s of 4\.0 s by Ctrl-C or SIGTERM: \d+ requests ran/,
  );
  t.deepEqual(merged.input.interrupted?.shards, [2]);
  const out = join(dir, 'merged');
  await writeReports(out, merged.input);
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as { verdict: string };
  t.is(summary.verdict, 'interrupted');
  t.deepEqual((await readRunMeta(out)).interrupted?.shards, [2]);
  // The shard's own directory, checked again, stays interrupted too.
  t.is((await reanalyze(stopped)).analysis.gate.verdict, 'interrupted');
});

test('merge: shards that all ran to their end keep the gate verdict (the near miss)', async (t) => {
  const dir = await tmpDir(t);
  const merged = await mergeShards([await shardDir(dir, 1, 4_000), await shardDir(dir, 2, 4_000)]);
  if ('error' in merged) return t.fail(merged.error);
  t.is(merged.input.analysis.gate.verdict, 'pass', merged.input.analysis.gate.reason);
  t.is(merged.input.interrupted, undefined);
});
