import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { EXIT } from 'sessionchaos';
import { writeBrokenScenario } from './helpers/broken-scenario.ts';
import { startBrokenTarget } from './helpers/broken-target.ts';
import { cli, readSummary } from './helpers/run-cli.ts';

// Time kept across shards (issue 23): a start instant already past is refused, and a merge names a
// shard that started away from the instant the shards agreed on.

test.serial('--start-at an hour in the past: exit 64, saying how far and what to do', async (t) => {
  await using target = await startBrokenTarget();
  const dir = await mkdtemp(join(tmpdir(), 'sc-past-start-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  // A scenario that runs (and passes) when started: only the instant is wrong.
  const file = await writeBrokenScenario(dir, target);
  const past = new Date(Date.now() - 3_600_000).toISOString();
  const r = await cli(
    'run',
    file,
    ...['--target', target.url, '--no-dashboard', '--duration', '500ms', '--out', join(dir, 'out')],
    ...['--shard', '1/2', '--start-at', past],
  );
  t.is(r.code, EXIT.usage, r.out + r.err);
  t.regex(r.err, /--start-at ".*" is 1 h 0 min in the past: this shard would start late against the others/);
  t.regex(r.err, /Agree on an instant ahead/);
});

test.serial(
  'merge: a shard that started 3 min after the agreed instant makes the verdict unknown, naming it',
  async (t) => {
    await using target = await startBrokenTarget();
    const dir = await mkdtemp(join(tmpdir(), 'sc-late-shard-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const file = await writeBrokenScenario(dir, target);
    const flags = ['--target', target.url, '--no-dashboard', '--seed', '5', '--duration', '1500ms'];
    for (const k of [1, 2]) {
      // Each shard waits for its own instant just ahead: both start on time.
      const at = new Date(Date.now() + 1_000).toISOString();
      const r = await cli(
        'run',
        file,
        ...flags,
        '--shard',
        `${k}/2`,
        '--start-at',
        at,
        '--out',
        join(dir, `s${k}`),
      );
      t.is(r.code, EXIT.pass, r.out + r.err);
    }
    const meta = JSON.parse(await readFile(join(dir, 's2', 'run.json'), 'utf8')) as {
      shard: { startEpochMs: number; agreedStartEpochMs: number };
    };
    const onTime = meta.shard.startEpochMs - meta.shard.agreedStartEpochMs;
    t.true(Math.abs(onTime) < 1_000, `shard 2 started ${onTime} ms from its instant`);

    // Near-miss: shards that started on their instants merge to an ordinary verdict.
    const ok = await cli('merge', join(dir, 's1'), join(dir, 's2'), '--out', join(dir, 'merged'));
    t.is(ok.code, EXIT.pass, ok.out + ok.err);

    // The same shard, had the shards agreed on an instant 3 minutes before it started (its lab, say,
    // took 3 minutes to come up): run.json is what a merge reads, so it is rewritten to say so.
    meta.shard.agreedStartEpochMs = meta.shard.startEpochMs - 180_000;
    await writeFile(join(dir, 's2', 'run.json'), JSON.stringify(meta));
    const late = await cli('merge', join(dir, 's1'), join(dir, 's2'), '--out', join(dir, 'late'));
    t.is(late.code, EXIT.unknown, late.out + late.err);
    t.regex(late.err, /shard 2\/2 started 3\.0 min late \(agreed .*, tolerance 1\.0 s\)/);
    const s = await readSummary(join(dir, 'late'));
    t.is(s.verdict, 'unknown');
    t.regex(s.verdictReason ?? '', /^shards started apart: shard 2\/2 started 3\.0 min late/);

    // A tolerance of the user's own lets it through.
    const lenient = await cli(
      'merge',
      join(dir, 's1'),
      join(dir, 's2'),
      '--out',
      join(dir, 'lenient'),
      '--start-tolerance',
      '5m',
    );
    t.is(lenient.code, EXIT.pass, lenient.out + lenient.err);
  },
);
