import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import type { Op } from '@sessionchaos/core';
import { HistoryBuilder, decodeHistory, isFaultOp } from '@sessionchaos/core';
import { HistoryWriter } from '../src/index.ts';
import { whoami } from './journey.ts';
import { fixtureHistory } from './run-fixture.ts';
import { tmpDir } from './tmp-dir.ts';

/** The fixture's ops as a run hands them over: VU ops and fault ops each numbered from 0. */
function twoNumberings(): Op[] {
  let vu = 0;
  let fault = 0;
  return fixtureHistory().map((op) => ({ ...op, index: isFaultOp(op) ? fault++ : vu++ }));
}

test('HistoryWriter writes ops that decode back the same, renumbered 0..n-1 in arrival order', async (t) => {
  const path = join(await tmpDir(t), 'history.ndjson');
  const ops = twoNumberings();
  const before = structuredClone(ops);
  const writer = new HistoryWriter(path);
  for (const op of ops) writer.add(op);
  await writer.close();
  const back = decodeHistory(await readFile(path, 'utf8'));
  t.is(back.length, ops.length);
  t.deepEqual(
    back,
    ops.map((op, index) => ({ ...op, index })),
  );
  t.deepEqual(ops, before, "the caller's ops are left as they were");
  t.is(writer.count, ops.length);
});

test('HistoryWriter keeps all of 100k ops, written in one go, once close() resolves', async (t) => {
  const path = join(await tmpDir(t), 'sub', 'dir', 'history.ndjson');
  const h = new HistoryBuilder();
  for (let i = 0; i < 50_000; i++) whoami(h, 1 + (i % 50), i * 2, `s${i % 50}`, `app-${1 + (i % 3)}`);
  const writer = new HistoryWriter(path);
  for (const op of h.ops) writer.add(op);
  await writer.close();
  const text = await readFile(path, 'utf8');
  t.true(text.endsWith('\n'));
  const back = decodeHistory(text);
  t.is(back.length, 100_000);
  t.true(back.every((op, i) => op.index === i));
  t.deepEqual(back[99_999], h.ops[99_999]);
  t.deepEqual(back[12_345], h.ops[12_345]);
});

test('HistoryWriter: add() never throws; close() says what failed and what to check', async (t) => {
  const dir = await tmpDir(t);
  await writeFile(join(dir, 'file'), 'not a directory');
  const path = join(dir, 'file', 'history.ndjson');
  const writer = new HistoryWriter(path);
  t.notThrows(() => {
    for (const op of fixtureHistory()) writer.add(op);
  });
  const error = await t.throwsAsync(writer.close());
  t.regex(error!.message, new RegExp(`^could not write the history to ${path}: `));
  t.regex(error!.message, /Check that the output directory \(--out\) is writable/);
  // Failing later, when the file itself cannot be opened (here: the path is a directory).
  const late = new HistoryWriter(dir);
  t.notThrows(() => late.add(fixtureHistory()[0]!));
  const lateError = await t.throwsAsync(late.close());
  t.regex(lateError!.message, new RegExp(`^could not write the history to ${dir}: EISDIR`));
});

test('HistoryWriter: close() is idempotent, and ops added after it are not written', async (t) => {
  const path = join(await tmpDir(t), 'history.ndjson');
  const ops = fixtureHistory();
  const writer = new HistoryWriter(path);
  writer.add(ops[0]!);
  const closing = writer.close();
  t.is(writer.close(), closing);
  t.notThrows(() => writer.add(ops[1]!));
  await closing;
  t.deepEqual(decodeHistory(await readFile(path, 'utf8')), [ops[0]]);
});

test('HistoryWriter renumbers a frozen op too (copied, as it cannot be renumbered in place)', async (t) => {
  const path = join(await tmpDir(t), 'history.ndjson');
  const ops = fixtureHistory().slice(0, 3);
  const frozen = Object.freeze({ ...ops[2]!, index: 77 });
  const writer = new HistoryWriter(path);
  writer.add(ops[0]!);
  writer.add(ops[1]!);
  writer.add(frozen);
  await writer.close();
  t.deepEqual(decodeHistory(await readFile(path, 'utf8')), [ops[0], ops[1], { ...ops[2], index: 2 }]);
  t.is(frozen.index, 77);
});
