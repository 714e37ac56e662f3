import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { decodeHistory } from '@sessionchaos/core';
import { EXIT } from 'sessionchaos';
import { BROKEN_RUN } from './helpers/broken-run.ts';
import { writeBrokenScenario } from './helpers/broken-scenario.ts';
import { startBrokenTarget } from './helpers/broken-target.ts';
import { cli, readSummary } from './helpers/run-cli.ts';

// One scenario run as 3 shards, each a real CLI process on this machine, all starting at one
// instant; the first injects the fault (the broken target's lost-session bug, switched by an exec
// hook). `sessionchaos merge` judges the whole, which must see what one process sees.

const MAIN = fileURLToPath(new URL('../packages/cli/src/main.ts', import.meta.url));

function shardProcess(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number; out: string }>;
  /** What the process wrote so far. */
  output: () => string;
} {
  let child!: ChildProcess;
  let out = '';
  const done = new Promise<{ code: number; out: string }>((resolve) => {
    const p = spawn(
      process.execPath,
      ['--conditions=@sessionchaos/source', '--disable-warning=ExperimentalWarning', MAIN, ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = p;
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (out += c.toString()));
    p.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
  return { child, done, output: () => out };
}

test('3 shard processes merged: every user once, the fault shard alone injects, the same kinds as one process; a missing shard is unknown', async (t) => {
  await using target = await startBrokenTarget();
  const dir = await mkdtemp(join(tmpdir(), 'sc-shards-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = await writeBrokenScenario(dir, target, 'lost-session');
  const flags = ['--target', target.url, '--no-dashboard', '--allow-exec', '--seed', '5'];
  // Far enough ahead for three Node processes to load on a busy 2-core machine: a shard that reads
  // its --start-at more than 1 s after the instant now refuses to run (exit 64) rather than start late.
  const startAt = new Date(Date.now() + 15_000).toISOString();
  const shards = await Promise.all(
    [1, 2, 3].map(
      (k) =>
        shardProcess([
          'run',
          file,
          ...flags,
          '--shard',
          `${k}/3`,
          '--start-at',
          startAt,
          '--out',
          join(dir, `shard-${k}`),
        ]).done,
    ),
  );
  for (const [i, s] of shards.entries()) {
    t.is(s.code, EXIT.pass, s.out);
    t.regex(s.out, new RegExp(`shard ${i + 1}/3 done`));
  }
  // Disjoint users: each shard's VUs are its own, and only shard 1 recorded fault ops.
  const vus: Set<number>[] = [];
  for (const k of [1, 2, 3]) {
    const ops = decodeHistory(await readFile(join(dir, `shard-${k}`, 'history.ndjson'), 'utf8'));
    vus.push(
      new Set(
        ops.filter((o) => o.process !== 'fault' && o.probe === undefined).map((o) => o.process as number),
      ),
    );
    t.is(
      ops.some((o) => o.process === 'fault'),
      k === 1,
      `shard ${k}`,
    );
  }
  const all = vus.flatMap((v) => [...v]);
  t.is(new Set(all).size, all.length);
  t.deepEqual(new Set(all).size, BROKEN_RUN.users);

  const merged = await cli(
    'merge',
    ...[1, 2, 3].map((k) => join(dir, `shard-${k}`)),
    '--out',
    join(dir, 'merged'),
  );
  t.is(merged.code, EXIT.fail, merged.out + merged.err);
  const m = await readSummary(join(dir, 'merged'));
  t.is(m.users.total, BROKEN_RUN.users);
  t.true(m.users.withLostSession > 0);
  const kinds = [...new Set(m.findings.map((f) => f.kind))].sort();
  t.true(kinds.includes('lost-session'));
  t.true(
    m.findings
      .filter((f) => f.kind === 'lost-session')
      .every((f) => f.fault !== null && f.fault !== undefined),
  );

  // The same scenario, seed and users in one process finds the same kind the bug causes. (Whether the
  // refusals also cross the 401-spike threshold in some 1 s window varies with timing, one process or three.)
  const single = await cli('run', file, ...flags, '--out', join(dir, 'single'));
  t.is(single.code, EXIT.fail, single.out + single.err);
  const s = await readSummary(join(dir, 'single'));
  const singleKinds = [...new Set(s.findings.map((f) => f.kind))].sort();
  t.log(`merged: ${kinds.join(', ')}; one process: ${singleKinds.join(', ')}`);
  const consequences = new Set(['lost-session', 'unauthorized-spike']);
  t.true(singleKinds.includes('lost-session'));
  t.deepEqual(
    kinds.filter((k) => !consequences.has(k)),
    singleKinds.filter((k) => !consequences.has(k)),
  );
  t.is(m.users.total, s.users.total);

  // Each lost session comes with its evidence: the example ops are the history's own (history.ndjson's
  // index), and report.md tells them, for the live run and for the merge (a second merged pass).
  const history = (await readFile(join(dir, 'single', 'history.ndjson'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { index: number; process: number | string; type: string });
  const lostOne = s.findings.find((f) => f.kind === 'lost-session');
  t.true((lostOne?.examples.length ?? 0) > 0);
  for (const i of lostOne?.examples ?? []) {
    t.is(history[i]?.index, i);
    t.is(typeof history[i]?.process, 'number');
    t.not(history[i]?.type, 'invoke');
  }
  const story = /^- `lost-session` \([^)]+\): \S+: .+ at \d+\.\d\d s/m;
  t.regex(await readFile(join(dir, 'single', 'report.md'), 'utf8'), story);
  t.regex(await readFile(join(dir, 'merged', 'report.md'), 'utf8'), story);

  // A shard killed mid-run (run.json written, no summary.json) makes the verdict unknown, naming it.
  const killedAt = new Date(Date.now() + 8_000).toISOString();
  const killed = shardProcess([
    'run',
    file,
    ...flags,
    '--shard',
    '3/3',
    '--start-at',
    killedAt,
    '--out',
    join(dir, 'killed'),
  ]);
  // Killed 2 s into its traffic: on a loaded machine the process may take longer than that to load,
  // so its own lines say when it is about to drive (bounded by the test's timeout).
  while (!/waiting for the start instant|journey checked/.test(killed.output()))
    await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(killedAt) - Date.now()) + 2_000));
  killed.child.kill('SIGKILL');
  const killedOut = (await killed.done).out;
  const partial = await cli(
    'merge',
    join(dir, 'shard-1'),
    join(dir, 'shard-2'),
    join(dir, 'killed'),
    '--out',
    join(dir, 'partial'),
  );
  t.is(partial.code, EXIT.unknown, partial.out + partial.err);
  t.regex(partial.err, /missing shard 3\/3/);
  t.regex(
    partial.err,
    /killed: shard 3\/3 did not finish \(killed, or still running\)/,
    `the killed shard wrote: ${killedOut}`,
  );
  const p = await readSummary(join(dir, 'partial'));
  t.is(p.verdict, 'unknown');
  t.regex(p.verdictReason ?? '', /shards missing: shard 3\/3.*\(the shards present did fail the gate\)/);
});
