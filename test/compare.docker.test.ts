import test from 'ava';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireDocker } from '@sessionchaos/testkit';
import { EXIT } from 'sessionchaos';
import { cli } from './helpers/run-cli.ts';

test('compare runs each strategy on its own lab with the same plan and writes one table (md, html, json)', async (t) => {
  t.timeout(300_000);
  await requireDocker();
  const dir = await mkdtemp(join(tmpdir(), 'sc-compare-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const r = await cli(
    'compare',
    '--strategies',
    'memory,redis-single',
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
  const lost = /\[1\/2\] memory .* s: fail, p99 \d+ ms, lost sessions (\d+)% of users/.exec(r.err);
  t.truthy(lost, r.err);
  t.true(Number(lost?.[1]) >= 50, r.err);
  t.regex(r.err, /\[2\/2\] redis-single .* s: (fail|pass|unknown), /);
  const json = JSON.parse(await readFile(join(dir, 'compare.json'), 'utf8')) as {
    run: { users: number; faultAtMs: number };
    rows: {
      strategy: string;
      lostShare: number;
      movingParts: number;
      p99Ms: number;
      worstNodeShare: number;
    }[];
  };
  t.deepEqual(
    json.rows.map((row) => [row.strategy, row.movingParts]),
    [
      ['memory', 4],
      ['redis-single', 5],
    ],
  );
  t.is(json.run.users, 6);
  t.is(json.run.faultAtMs, 3200);
  // Round robin over memory sessions: (nearly) every user loses the session; the load spreads over the 3 nodes.
  t.true((json.rows[0]?.lostShare ?? 0) >= 0.5);
  t.true((json.rows[0]?.worstNodeShare ?? 1) < 0.6);
  t.true(json.rows.every((row) => row.p99Ms > 0));
  const md = await readFile(join(dir, 'compare.md'), 'utf8');
  t.regex(md, /\| no sharing \(round robin\) \| /);
  t.regex(md, /\| external store, Redis \| /);
  t.regex(await readFile(join(dir, 'compare.html'), 'utf8'), /<svg /);
  // Every run keeps its own reports.
  for (const name of ['memory', 'redis-single'])
    t.truthy(JSON.parse(await readFile(join(dir, name, 'summary.json'), 'utf8')));
});
