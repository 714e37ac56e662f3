import { copyFile, readFile, stat, truncate } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import test from 'ava';
import { encodeOp, type Op } from '@sessionchaos/core';
import { chooseHistory } from '../src/history-reader.ts';
import { HistoryWriter, reanalyze, writeReports } from '../src/index.ts';
import { writeRunMeta } from '../src/run-meta.ts';
import { fixtureHistory, fixtureMeta } from './run-fixture.ts';
import { tmpDir } from './tmp-dir.ts';

/** Ops as the fixture run has them, plus ops the binary layout cannot hold (keys out of order, a role). */
function mixedOps(): Op[] {
  const ops = fixtureHistory();
  const odd = {
    url: '/whoami',
    index: 0,
    id: 9999,
    type: 'invoke',
    time: 5.25,
    process: 1,
    step: 'whoami',
    epoch: 0,
  };
  const role = { ...(ops[1] as object), role: 'login' };
  return [...ops.slice(0, 3), odd as unknown as Op, role as Op, ...ops.slice(3)];
}

/** The NDJSON the writer wrote before the binary history existed: each op renumbered, one line each. */
const expectedNdjson = (ops: readonly Op[]): string =>
  ops.map((op, i) => encodeOp({ ...op, index: i }) + '\n').join('');

test('the run records once (binary only); close() makes history.ndjson from it, byte for byte the NDJSON of the ops', async (t) => {
  const dir = await tmpDir(t);
  const ops = mixedOps();
  const writer = new HistoryWriter(join(dir, 'history.ndjson'));
  for (const op of ops) writer.add(op);
  await sleep(400); // past a flush
  t.false(existsSync(join(dir, 'history.ndjson')), 'no NDJSON written on the hot path');
  t.true((await stat(join(dir, 'history.bin'))).size > 8);
  await writer.close();
  const text = await readFile(join(dir, 'history.ndjson'), 'utf8');
  t.is(text, expectedNdjson(ops));
  // The NDJSON-only writer (no binary history) writes the very same bytes.
  const plain = new HistoryWriter(join(dir, 'plain.ndjson'), { binary: false });
  for (const op of ops) plain.add(op);
  await plain.close();
  t.is(await readFile(join(dir, 'plain.ndjson'), 'utf8'), text);
  t.is((await chooseHistory(dir)).source, 'binary');
});

/** A run killed (SIGKILL) after its last flush: the bin as it was on disk, no NDJSON, run.json. */
async function killedRun(t: Parameters<typeof tmpDir>[0], cutBytes: number) {
  const live = await tmpDir(t);
  const ops = mixedOps();
  const writer = new HistoryWriter(join(live, 'history.ndjson'));
  for (const op of ops) writer.add(op);
  await sleep(400);
  const dir = await tmpDir(t);
  await copyFile(join(live, 'history.bin'), join(dir, 'history.bin'));
  await writer.close();
  const size = (await stat(join(dir, 'history.bin'))).size;
  if (cutBytes > 0) await truncate(join(dir, 'history.bin'), size - cutBytes);
  await writeRunMeta(dir, fixtureMeta());
  return { dir, ops };
}

test('report on a run killed mid-run rebuilds history.ndjson from history.bin up to its last flush, and says so', async (t) => {
  const { dir, ops } = await killedRun(t, 0);
  t.false(existsSync(join(dir, 'history.ndjson')));
  const input = await reanalyze(dir);
  t.is(await readFile(join(dir, 'history.ndjson'), 'utf8'), expectedNdjson(ops));
  t.is(input.analysis.check.ops, ops.length);
  t.regex(
    input.notes?.[0] ?? '',
    /^history\.ndjson was rebuilt from history\.bin: the run was cut off .+ the \d+ ops it had flushed were kept\.$/,
  );
  // The bin got its end record: whole now, and it belongs with the rebuilt NDJSON.
  t.is((await chooseHistory(dir)).source, 'binary');
  await writeReports(dir, input);
  const again = await reanalyze(dir);
  t.is(again.notes, undefined, 'nothing left to rebuild');
});

test('a bin cut mid-write (its last op partly on disk) gives the NDJSON of the ops before it', async (t) => {
  const { dir, ops } = await killedRun(t, 7);
  const input = await reanalyze(dir);
  const text = await readFile(join(dir, 'history.ndjson'), 'utf8');
  t.is(text, expectedNdjson(ops.slice(0, ops.length - 1)));
  t.is(input.analysis.check.ops, ops.length - 1);
  t.regex(input.notes?.[0] ?? '', /the \d+ bytes of an op cut mid-write were left out\.$/);
  t.is((await chooseHistory(dir)).source, 'binary');
});
