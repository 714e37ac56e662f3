import { access, appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { isFaultOp } from '@sessionchaos/core';
import {
  HistoryWriter,
  RunMetaError,
  buildSummary,
  readRunMeta,
  reanalyze,
  renderMarkdown,
  storiesOfRun,
  writeReports,
} from '../src/index.ts';
import { analyzeRunWith, fixtureHistory, fixtureMeta } from './run-fixture.ts';
import { tmpDir } from './tmp-dir.ts';

/** A run directory as `sessionchaos run --out` leaves it; returns the live report input too. */
async function writtenRun(dir: string) {
  const meta = fixtureMeta();
  let vu = 0;
  let fault = 0;
  const ops = fixtureHistory().map((op) => ({ ...op, index: isFaultOp(op) ? fault++ : vu++ }));
  const writer = new HistoryWriter(join(dir, 'history.ndjson'));
  for (const op of ops) writer.add(op);
  await writer.close();
  const analysis = analyzeRunWith(ops, meta);
  // As the run's conclude phase does: the examples told from the history just written.
  const { stories } = await storiesOfRun(dir, analysis.check.findings);
  const input = { ...meta, analysis, ...(stories !== undefined ? { stories } : {}) };
  const paths = await writeReports(dir, input);
  return { input, paths };
}

test('writeReports writes the five files and run.json reads back as the run meta', async (t) => {
  const dir = await tmpDir(t);
  const { input, paths } = await writtenRun(dir);
  t.deepEqual(
    paths.map((p) => p.slice(dir.length + 1)),
    ['summary.json', 'junit.xml', 'report.md', 'report.html', 'run.json'],
  );
  for (const p of paths) await t.notThrowsAsync(access(p));
  t.deepEqual(JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')), buildSummary(input));
  t.deepEqual(await readRunMeta(dir), fixtureMeta());
});

test('reanalyze on a written run gives the same summary and report as the live analysis', async (t) => {
  const dir = await tmpDir(t);
  const { input } = await writtenRun(dir);
  const again = await reanalyze(dir);
  t.deepEqual(buildSummary(again), buildSummary(input));
  t.is(renderMarkdown(again), renderMarkdown(input));
  t.is(again.notes, undefined);
  // The stories are told again too, the same: `sessionchaos report <dir>` writes what the run wrote.
  t.truthy(input.stories);
  t.deepEqual(again.stories, input.stories);
  t.regex(renderMarkdown(again), /- `lost-session` \(kill-busiest#1\): user-2: whoami named user-2/);
});

test('reanalyze skips a last line cut off mid-write, and says so', async (t) => {
  const dir = await tmpDir(t);
  const { input } = await writtenRun(dir);
  await appendFile(join(dir, 'history.ndjson'), '{"index":984,"id":9');
  const again = await reanalyze(dir);
  t.is(again.analysis.check.ops, input.analysis.check.ops);
  t.deepEqual(again.notes, [
    'history.ndjson ended in a partial line 985 (the run was cut off while writing); it was skipped.',
  ]);
  t.deepEqual(buildSummary(again).notes, again.notes);
});

test('reanalyze names the file and line of a bad history, and a missing one', async (t) => {
  const dir = await tmpDir(t);
  await writtenRun(dir);
  const path = join(dir, 'history.ndjson');
  const text = await readFile(path, 'utf8');
  await writeFile(path, text.replace(/\n/, '\nnot json\n'));
  const bad = await t.throwsAsync(reanalyze(dir));
  t.regex(bad!.message, new RegExp(`^could not re-check the run: ${path}: history line 2: not JSON`));
  await writeFile(path, '');
  await t.notThrowsAsync(reanalyze(dir));
  await rm(path);
  const missing = await t.throwsAsync(reanalyze(dir));
  t.is(
    missing!.message,
    `could not re-check the run: ${path} is missing. A run writes it next to run.json; ` +
      'point `sessionchaos report` at the --out directory of a run that started.',
  );
});

test('readRunMeta on a missing directory names the file and the fix', async (t) => {
  const dir = join(await tmpDir(t), 'no-such-run');
  const error = await t.throwsAsync(readRunMeta(dir), { instanceOf: RunMetaError });
  t.is(
    error!.message,
    `could not read ${join(dir, 'run.json')}: no such file. ` +
      '`sessionchaos report <dir>` needs a directory written by `sessionchaos run --out <dir>` ' +
      '(it holds run.json and history.ndjson); check the path.',
  );
});

test('readRunMeta says what is wrong with a bad run.json', async (t) => {
  const dir = await tmpDir(t);
  const path = join(dir, 'run.json');
  await writeFile(path, '{"scenario":');
  t.regex((await t.throwsAsync(readRunMeta(dir)))!.message, /^could not read .*run\.json: not JSON \(/);
  await writeFile(path, JSON.stringify({ ...fixtureMeta(), seed: 'x' }));
  t.regex(
    (await t.throwsAsync(readRunMeta(dir)))!.message,
    /: "seed" must be a number\. The file was not written/,
  );
  await writeFile(path, JSON.stringify({ ...fixtureMeta(), thresholds: [{ metric: 'p99' }] }));
  t.regex((await t.throwsAsync(readRunMeta(dir)))!.message, /"thresholds\[0\]\.metric" must be finding/);
  await writeFile(path, JSON.stringify({ format: 2, ...fixtureMeta() }));
  t.regex((await t.throwsAsync(readRunMeta(dir)))!.message, /format 2 is not one this version reads \(1\)/);
});
