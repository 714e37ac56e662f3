import test from 'ava';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealJournal, readPendingUndos } from '@sessionchaos/faults';
import { cli } from './helpers/run-cli.ts';

test('heal runs the heal hooks a crashed run left in its journal, then has nothing left to do', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-heal-'));
  const marker = join(dir, 'healed');
  new HealJournal('run-crashed', dir).add('hook#1', 'exec', {
    kind: 'exec',
    command: `touch ${marker}`,
    timeoutMs: 5_000,
  });
  const first = await cli('heal', '--journal', dir);
  t.is(first.code, 0, first.err);
  t.regex(first.out, /^healed run-crashed hook#1/m);
  t.true(existsSync(marker));
  t.deepEqual(readPendingUndos(dir), []);
  const again = await cli('heal', '--journal', dir);
  t.is(again.code, 0);
  t.notRegex(again.out, /healed run-crashed/);
});

test('a heal step that fails stays in the journal and the exit code says so', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-heal-'));
  new HealJournal('run-x', dir).add('hook#1', 'exec', { kind: 'exec', command: 'exit 7', timeoutMs: 5_000 });
  const result = await cli('heal', '--journal', dir);
  t.is(result.code, 1);
  t.regex(result.out, /^FAILED run-x hook#1: heal hook exited with 7/m);
  t.regex(result.err, /stay in .*run it again/);
  t.is(readPendingUndos(dir).length, 1);
});

test('heal rejects unknown options with the valid ones', async (t) => {
  const result = await cli('heal', '--jornal', '/tmp');
  t.is(result.code, 64);
  t.regex(result.err, /Valid options: --journal DIR/);
});
