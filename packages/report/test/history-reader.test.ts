import { mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { BinaryHistoryDecoder, isFaultOp, type Op } from '@sessionchaos/core';
import { chooseHistory } from '../src/history-reader.ts';
import {
  buildSummary,
  HistoryWriter,
  mergeShards,
  reanalyze,
  writeReports,
  type RunMeta,
} from '../src/index.ts';
import { analyzeRunWith, fixtureHistory, fixtureMeta } from './run-fixture.ts';
import { tmpDir } from './tmp-dir.ts';

/** A finished run's directory (history.ndjson and history.bin, run.json, summary.json). */
async function writtenRun(dir: string, meta: RunMeta = fixtureMeta(), ops: Op[] = fixtureHistory()) {
  const writer = new HistoryWriter(join(dir, 'history.ndjson'));
  for (const op of ops) writer.add(op);
  await writer.close();
  const input = { ...meta, analysis: analyzeRunWith(ops, meta) };
  await writeReports(dir, input);
  return { input, bin: join(dir, 'history.bin'), ndjson: join(dir, 'history.ndjson') };
}

test('the writer writes history.bin beside the NDJSON: the same ops, same renumbering, and an end record', async (t) => {
  const dir = await tmpDir(t);
  let vu = 0;
  let fault = 0;
  // VU ops and fault ops come numbered apart; the writer renumbers both files alike.
  const ops = fixtureHistory().map((op) => ({ ...op, index: isFaultOp(op) ? fault++ : vu++ }));
  const { bin, ndjson } = await writtenRun(dir, fixtureMeta(), ops);
  const text = await readFile(ndjson, 'utf8');
  const decoder = new BinaryHistoryDecoder();
  const back = decoder.feed(await readFile(bin));
  // JSON drops the keys a decoded op holds as undefined.
  t.deepEqual(
    back.map((op) => JSON.parse(JSON.stringify(op)) as Op),
    text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Op),
  );
  t.deepEqual(decoder.end(), {
    complete: true,
    ops: ops.length,
    ndjsonBytes: Buffer.byteLength(text),
    trailingBytes: 0,
  });
  t.true((await readFile(bin)).length * 3 < text.length, 'the binary copy is compact');
});

test('the writer writes no binary copy when asked not to, or for a file not named .ndjson', async (t) => {
  const dir = await tmpDir(t);
  for (const [name, options] of [
    ['a.ndjson', { binary: false }],
    ['plain.log', {}],
  ] as const) {
    const writer = new HistoryWriter(join(dir, name), options);
    t.is(writer.binaryPath, undefined);
    writer.add(fixtureHistory()[0]!);
    await writer.close();
  }
  const named = new HistoryWriter(join(dir, 'b.ndjson'));
  t.is(named.binaryPath, join(dir, 'b.bin'));
  await named.close();
});

test('report reads history.bin when it is whole: the same analysis as from the NDJSON, no note', async (t) => {
  const dir = await tmpDir(t);
  const { input, ndjson } = await writtenRun(dir);
  t.is((await chooseHistory(dir)).source, 'binary');
  // Blank lines of the same length: read as NDJSON, this would be a run of no ops.
  await writeFile(ndjson, '\n'.repeat((await readFile(ndjson)).length));
  const again = await reanalyze(dir);
  t.deepEqual(buildSummary(again), buildSummary(input));
  t.is(again.notes, undefined);
});

test('report reads the NDJSON when history.bin is missing, or cut off (no end record), as before it existed', async (t) => {
  const dir = await tmpDir(t);
  const { input, bin, ndjson } = await writtenRun(dir);
  await rm(bin);
  t.deepEqual(await chooseHistory(dir), { source: 'ndjson', path: ndjson, ndjsonPath: ndjson, notes: [] });
  t.deepEqual(buildSummary(await reanalyze(dir)), buildSummary(input));
  // A killed run: both files cut mid-write, the bin without its end record.
  const killed = await tmpDir(t);
  const run = await writtenRun(killed);
  await truncate(run.bin, (await readFile(run.bin)).length - 25);
  const text = await readFile(run.ndjson, 'utf8');
  await writeFile(run.ndjson, text.slice(0, text.length - 30));
  t.is((await chooseHistory(killed)).source, 'ndjson');
  const again = await reanalyze(killed);
  t.is(again.analysis.check.ops, text.trim().split('\n').length - 1);
  t.deepEqual(again.notes?.length, 1);
  t.regex(
    again.notes![0]!,
    /^history\.ndjson ended in a partial line \d+ \(the run was cut off while writing\)/,
  );
});

test('a history.bin of another version is not read: the NDJSON is, with a note saying why', async (t) => {
  const dir = await tmpDir(t);
  const { input, bin } = await writtenRun(dir);
  const bytes = await readFile(bin);
  bytes[7] = 9;
  await writeFile(bin, bytes);
  const again = await reanalyze(dir);
  t.deepEqual(buildSummary(again).findings, buildSummary(input).findings);
  t.deepEqual(again.notes, [
    'history.bin was not used (binary history version 9 is not supported: this reader reads version 1 only); ' +
      'history.ndjson was read instead.',
  ]);
});

test('a history.bin with a bad record midway is dropped for the NDJSON, read from the start, with a note', async (t) => {
  const dir = await tmpDir(t);
  const { input, bin } = await writtenRun(dir);
  const bytes = await readFile(bin);
  // A record length far past its end, in the middle of the file: the records after it misparse.
  const at = bytes.length >> 1;
  bytes.fill(0xff, at, at + 6);
  await writeFile(bin, bytes);
  t.is((await chooseHistory(dir)).source, 'binary', 'its ends look whole');
  const again = await reanalyze(dir);
  t.deepEqual(buildSummary(again).findings, buildSummary(input).findings);
  t.is(again.analysis.check.ops, input.analysis.check.ops);
  t.is(again.notes?.length, 1);
  t.regex(
    again.notes![0]!,
    /^history\.bin was not used \(bad record at byte \d+: .+\); history\.ndjson was read instead\.$/,
  );
});

test('an NDJSON changed after the run is read, not the binary copy of what it was', async (t) => {
  const dir = await tmpDir(t);
  const { ndjson } = await writtenRun(dir);
  const lines = (await readFile(ndjson, 'utf8')).trim().split('\n');
  await writeFile(ndjson, lines.slice(0, 100).join('\n') + '\n');
  t.is((await chooseHistory(dir)).source, 'ndjson');
  t.is((await reanalyze(dir)).analysis.check.ops, 100);
});

test("merge reads each shard binary history, and falls back to a bad one's NDJSON with a note", async (t) => {
  const ops = fixtureHistory();
  const dirs: string[] = [];
  for (const index of [1, 2]) {
    const dir = await tmpDir(t);
    const meta: RunMeta = { ...fixtureMeta(), shard: { index, count: 2, startEpochMs: 1000 * index } };
    await writtenRun(dir, meta, ops);
    dirs.push(dir);
  }
  const good = await mergeShards(dirs);
  if ('error' in good) return t.fail(good.error);
  const bytes = await readFile(join(dirs[1]!, 'history.bin'));
  bytes.fill(0xff, bytes.length >> 1, (bytes.length >> 1) + 6);
  await writeFile(join(dirs[1]!, 'history.bin'), bytes);
  const fallen = await mergeShards(dirs);
  if ('error' in fallen) return t.fail(fallen.error);
  t.deepEqual(buildSummary(fallen.input).findings, buildSummary(good.input).findings);
  t.is(fallen.input.analysis.check.ops, 2 * ops.length);
  t.is(good.input.notes?.length, 1);
  t.is(fallen.input.notes?.length, 2);
  t.regex(
    fallen.input.notes![1]!,
    /^shard 2: history\.bin was not used \(.+\); history\.ndjson was read instead\.$/,
  );
});

// The binary history is the run's one record now (the NDJSON is made from it at close): when it
// cannot be written, close() says so, where the NDJSON used to be written alone.
test('a binary history that cannot be written: close() says what could not be written and the fix', async (t) => {
  const dir = await tmpDir(t);
  await mkdir(join(dir, 'history.bin'));
  const writer = new HistoryWriter(join(dir, 'history.ndjson'));
  for (const op of fixtureHistory()) writer.add(op);
  await t.throwsAsync(writer.close(), {
    message:
      /^could not write the history to .+history\.ndjson: EISDIR.+Check that the output directory \(--out\) is writable/,
  });
});

test('a large binary history is re-checked on two threads (checkers in a worker): the same analysis as one thread', async (t) => {
  const dir = await tmpDir(t);
  const { input } = await writtenRun(dir);
  // Every history counts as large here; `Infinity`: none does.
  const parallel = await reanalyze(dir, { parallelAbove: 0 });
  const single = await reanalyze(dir, { parallelAbove: Infinity });
  t.true(input.analysis.check.findings.length > 0, 'the fixture has findings to compare');
  t.deepEqual(buildSummary(parallel), buildSummary(single));
  t.deepEqual(buildSummary(parallel), buildSummary(input));
  t.deepEqual(parallel.analysis.check, single.analysis.check);
  t.deepEqual(parallel.analysis.series, single.analysis.series);
  t.is(parallel.notes, undefined);
});

test('on two threads, a bad record midway drops the binary history for the NDJSON, with a note, as on one', async (t) => {
  const dir = await tmpDir(t);
  const { input, bin } = await writtenRun(dir);
  const bytes = await readFile(bin);
  bytes.fill(0xff, bytes.length >> 1, (bytes.length >> 1) + 6);
  await writeFile(bin, bytes);
  const again = await reanalyze(dir, { parallelAbove: 0 });
  t.deepEqual({ ...buildSummary(again), notes: undefined }, { ...buildSummary(input), notes: undefined });
  t.is(again.notes?.length, 1);
  t.regex(
    again.notes![0]!,
    /^history\.bin was not used \(bad record at byte \d+: .+\); history\.ndjson was read instead\.$/,
  );
});
