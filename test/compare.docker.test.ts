import test from 'ava';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireDocker } from '@sessionchaos/testkit';
import { EXIT } from 'sessionchaos';
import { cli } from './helpers/run-cli.ts';

test('compare runs each strategy on its own lab with the same plan and writes one table (md, html, json)', async (t) => {
  t.timeout(480_000);
  await requireDocker();
  const dir = await mkdtemp(join(tmpdir(), 'sc-compare-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const r = await cli(
    'compare',
    '--strategies',
    'memory,replicated,redis-single',
    '--users',
    '6',
    '--duration',
    '8s',
    '--out',
    dir,
  );
  t.is(r.code, EXIT.pass, r.out + r.err);
  // Most users lose the session. One CI run on a loaded machine saw 5 users in 6 (not reproduced in 3 quiet
  // runs, which saw 6 in 6), so the share is bounded below, not fixed at 100%.
  const lost = /\[1\/3\] memory .* s: fail, p99 \d+ ms, lost sessions (\d+)% of users/.exec(r.err);
  t.truthy(lost, r.err);
  t.true(Number(lost?.[1]) >= 50, r.err);
  t.regex(r.err, /\[3\/3\] redis-single .* s: (fail|pass|unknown), /);
  const json = JSON.parse(await readFile(join(dir, 'compare.json'), 'utf8')) as {
    run: { users: number; faultAtMs: number };
    rows: {
      strategy: string;
      lostShare: number;
      movingParts: number;
      p99Ms: number;
      worstNodeShare: number;
      memoryPerNode: number | null;
      storeMemory: number | null;
      replicationPerLogin: number | null;
      storePerLogin: number | null;
      notes: string[];
    }[];
  };
  t.deepEqual(
    json.rows.map((row) => [row.strategy, row.movingParts]),
    [
      ['memory', 4],
      ['replicated', 4],
      ['redis-single', 5],
    ],
  );
  t.is(json.run.users, 6);
  t.is(json.run.faultAtMs, 3200);
  // Round robin over memory sessions: (nearly) every user loses the session; the load spreads over the 3 nodes.
  t.true((json.rows[0]?.lostShare ?? 0) >= 0.5);
  t.true((json.rows[0]?.worstNodeShare ?? 1) < 0.6);
  t.true(json.rows.every((row) => row.p99Ms > 0));
  // The lab columns, measured: sessions in the nodes' memory (memory, replicated) or in Redis; bytes between the
  // nodes only where they replicate, bytes to the store only where there is one. "-" (null) elsewhere.
  const [memory, replicated, redis] = json.rows;
  t.deepEqual(
    json.rows.map((row) => row.notes),
    [[], [], []],
  );
  t.true((memory?.memoryPerNode ?? 0) > 0, JSON.stringify(memory));
  t.is(memory?.storeMemory, null);
  t.is(memory?.replicationPerLogin, null);
  t.is(memory?.storePerLogin, null);
  t.true((replicated?.memoryPerNode ?? 0) > 0, JSON.stringify(replicated));
  t.true((replicated?.replicationPerLogin ?? 0) > 0, JSON.stringify(replicated));
  t.is(replicated?.storePerLogin, null);
  // Redis's growth for 1,000 sessions is a few hundred KiB at most, near the engine's noise: measured, not signed.
  t.is(typeof redis?.storeMemory, 'number', JSON.stringify(redis));
  t.true((redis?.storePerLogin ?? 0) > 0, JSON.stringify(redis));
  t.is(redis?.replicationPerLogin, null);
  // Every node of the all-to-all cluster holds every session; a round-robin node holds its third.
  t.true((replicated?.memoryPerNode ?? 0) > (memory?.memoryPerNode ?? 0), JSON.stringify(json.rows));
  const md = await readFile(join(dir, 'compare.md'), 'utf8');
  t.regex(md, /\| no sharing \(round robin\) \| /);
  t.regex(md, /\| external store, Redis \| /);
  t.regex(md, /\| no sharing \(round robin\) \|( [^|]+ \|){7} -?\d+\.\d\d MiB \| - \| - \| - \| 4 \|/);
  t.regex(
    md,
    /\| clustering, Node all-to-all \(sync\) \|( [^|]+ \|){7} \d+\.\d\d MiB \| - \| [\d.]+ K?i?B \| - \| 4 \|/,
  );
  t.regex(await readFile(join(dir, 'compare.html'), 'utf8'), /<svg /);
  // Every run keeps its own reports.
  for (const name of ['memory', 'replicated', 'redis-single'])
    t.truthy(JSON.parse(await readFile(join(dir, name, 'summary.json'), 'utf8')));
});
