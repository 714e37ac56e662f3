import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sc-labfields-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('a mistyped field inside target.lab is an error at its line, not a silently different lab', async (t) => {
  const file = join(dir, 'typo.yaml');
  writeFileSync(
    file,
    [
      'name: typo',
      'description: a typo must not test another setup',
      'target:',
      '  lab:',
      '    strategy: redis',
      '    stickey: source',
      '    nodes: 100000',
      '    redis: { topolgy: sentinel }',
      'load: { users: 2, duration: 5s }',
      '',
    ].join('\n'),
  );
  const r = await cli('validate', file);
  t.is(r.code, 64);
  t.deepEqual(r.err.trim().split('\n'), [
    `${file}:6: target.lab.stickey: unknown field "stickey". Valid fields: strategy, nodes, sticky, replication, redis, jwt, tomcat, balancer, health, images`,
    `${file}:8: target.lab.redis.topolgy: unknown field "topolgy". Valid fields: topology, replicas, downAfterMs, failoverTimeoutMs`,
    `${file}:5: target.lab: nodes must be a whole number between 1 and 16 (got 100000)`,
  ]);
  // The near-miss: the same lab written correctly is valid.
  writeFileSync(
    file,
    'name: ok\ndescription: ok\ntarget: { lab: { strategy: sticky, sticky: source, nodes: 16 } }\nload: { users: 2, duration: 5s }\n',
  );
  const ok = await cli('validate', file);
  t.is(ok.code, 0, ok.err);
});
