import test from 'ava';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeHistory } from '@sessionchaos/core';
import { removeLab } from '@sessionchaos/lab';
import { requireDocker } from '@sessionchaos/testkit';
import { EXIT } from 'sessionchaos';
import { cli, readSummary } from './helpers/run-cli.ts';
import { startCli } from './helpers/cli-process.ts';

// Issue 18's acceptance: one scenario as 3 local shard processes against one lab (sticky sessions,
// 3 nodes), the fault shard alone killing app-2, merged into one verdict.

const USERS = 12;

function scenario(url: string, victim: string): string {
  return `name: shards-on-the-lab
description: A node of a sticky lab killed in the fault shard; verdict fail (lost-session).
target:
  url: ${url}
  nodes: 3
  journey:
    visit: { method: GET, path: / }
    loginPage: /login
    login:
      method: POST
      path: /login
      bodyType: form
      body: { username: '{{username}}', password: '{{password}}' }
    credentials: { username: 'user-{{vu}}', password: secret }
    whoami: { method: GET, path: /api/me, identity: $.user }
    write: { method: POST, path: /api/data, bodyType: json, body: { value: '{{value}}' }, value: $.value }
    read: { method: GET, path: /api/data, value: $.value }
    logout: { method: POST, path: /logout }
    sessionCookie: sid
    node: { header: x-served-by }
    logoutChance: 0
load: { users: ${USERS}, duration: 12s, think: 100ms }
faults:
  - { id: kill-app-2, action: kill, target: { container: ${victim} }, at: 5s, duration: 3s }
`;
}

test('3 shard processes against one lab: the fault shard alone kills app-2, the merge counts every user once and finds the lost sessions a single process finds', async (t) => {
  t.timeout(240_000);
  await requireDocker();
  const dir = await mkdtemp(join(tmpdir(), 'sc-shards-lab-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const up = await cli('lab', 'up', '--strategy', 'sticky', '--nodes', '3');
  t.is(up.code, EXIT.pass, up.err);
  const match = /^lab (\S+) \(sticky\) is up: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(up.out);
  const runId = match?.[1] ?? '';
  t.teardown(() => removeLab(runId));
  const file = join(dir, 'scenario.yaml');
  await writeFile(file, scenario(match?.[2] ?? '', `sc-${runId}-app-2`));
  const flags = ['--no-dashboard', '--allow-external', '--seed', '7'];

  const startAt = new Date(Date.now() + 8_000).toISOString();
  const shards = [1, 2, 3].map((k) =>
    startCli(
      ['run', file, ...flags, '--shard', `${k}/3`, '--start-at', startAt, '--out', join(dir, `shard-${k}`)],
      {},
      120_000,
    ),
  );
  for (const p of shards) t.is((await p.exited).code, EXIT.pass, p.out + p.err);
  const faultShards: number[] = [];
  for (const k of [1, 2, 3]) {
    const ops = decodeHistory(await readFile(join(dir, `shard-${k}`, 'history.ndjson'), 'utf8'));
    if (ops.some((o) => o.process === 'fault')) faultShards.push(k);
  }
  t.deepEqual(faultShards, [1]);

  const merged = await cli(
    'merge',
    ...[1, 2, 3].map((k) => join(dir, `shard-${k}`)),
    '--out',
    join(dir, 'merged'),
  );
  t.is(merged.code, EXIT.fail, merged.out + merged.err);
  const m = await readSummary(join(dir, 'merged'));
  t.is(m.users.total, USERS);
  const lost = m.findings.filter((f) => f.kind === 'lost-session');
  t.true(lost.length > 0, JSON.stringify(m.findings));
  t.true(lost.every((f) => f.fault === 'kill-app-2#1'));

  // The same seed and users in one process, on the same lab (app-2 was started again by the heal).
  const single = await cli('run', file, ...flags, '--out', join(dir, 'single'));
  t.is(single.code, EXIT.fail, single.out + single.err);
  const s = await readSummary(join(dir, 'single'));
  t.is(s.users.total, USERS);
  t.true(s.findings.some((f) => f.kind === 'lost-session' && f.fault === 'kill-app-2#1'));
  const kinds = (x: typeof s): string => [...new Set(x.findings.map((f) => f.kind))].sort().join(', ');
  t.log(`merged: ${kinds(m)}; one process: ${kinds(s)}`);
});
