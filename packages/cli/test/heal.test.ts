import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealJournal, readPendingUndos } from '@sessionchaos/faults';
import { cli } from './helpers/run-cli.ts';

test('heal runs the heal hooks a crashed run left in its journal, then has nothing left to do', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-heal-'));
  const marker = join(dir, 'healed');
  // Written as the crashed run wrote it: its process is gone.
  writeJournal(dir, 'run-crashed', deadPid(), { kind: 'exec', command: `touch ${marker}`, timeoutMs: 5_000 });
  const first = await cli('heal', '--journal', dir, '--allow-exec');
  t.is(first.code, 0, first.err);
  t.regex(first.out, /^healed run-crashed hook#1/m);
  t.true(existsSync(marker));
  t.deepEqual(readPendingUndos(dir), []);
  const again = await cli('heal', '--journal', dir, '--allow-exec');
  t.is(again.code, 0);
  t.notRegex(again.out, /healed run-crashed/);
});

test('a heal step that fails stays in the journal and the exit code says so', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-heal-'));
  writeJournal(dir, 'run-x', deadPid(), { kind: 'exec', command: 'exit 7', timeoutMs: 5_000 });
  const result = await cli('heal', '--journal', dir, '--allow-exec');
  t.is(result.code, 1);
  t.regex(result.out, /^FAILED run-x hook#1: heal hook exited with 7/m);
  t.regex(result.err, /stay in .*run it again/);
  t.is(readPendingUndos(dir).length, 1);
});

test('heal rejects unknown options with the valid ones', async (t) => {
  const result = await cli('heal', '--jornal', '/tmp');
  t.is(result.code, 64);
  t.regex(result.err, /Valid options: --journal DIR, --allow-exec/);
});

test('a journal names its run, process and host, and only its owner can read it or its directory', (t) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'sc-heal-')), 'state');
  const journal = new HealJournal('run-own', dir);
  journal.add('hook#1', 'exec', { kind: 'exec', command: 'echo secret-token', timeoutMs: 5_000 });
  t.is(statSync(dir).mode & 0o777, 0o700);
  t.is(statSync(journal.file).mode & 0o777, 0o600);
  const first = JSON.parse(readFileSync(journal.file, 'utf8').split('\n')[0]!) as {
    owner: Record<string, unknown>;
  };
  t.like(first.owner, { runId: 'run-own', pid: process.pid, host: hostname() });
});

test('exec heal hooks from a journal run only with --allow-exec; without it they stay, and heal says how', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-heal-'));
  const marker = join(dir, 'ran');
  // A journal left by a run whose process is gone.
  writeJournal(dir, 'run-dead', deadPid(), { kind: 'exec', command: `touch ${marker}`, timeoutMs: 5_000 });
  const refused = await cli('heal', '--journal', dir);
  // 0, not 64: the command was used correctly and did all it was allowed to; the hook is named, with the fix, and kept.
  t.is(refused.code, 0, refused.err);
  t.regex(
    refused.out,
    new RegExp(
      `^NOT RUN run-dead hook#1: a shell heal hook \\(touch ${marker}\\); run it with sessionchaos heal --allow-exec`,
      'm',
    ),
  );
  t.regex(
    refused.err,
    /1 shell heal hook\(s\) were not run and stay in .*; if you trust them, run sessionchaos heal --allow-exec/,
  );
  t.notRegex(refused.err, /unknown option|Valid options/);
  t.false(existsSync(marker));
  t.is(readPendingUndos(dir).length, 1);
  const allowed = await cli('heal', '--journal', dir, '--allow-exec');
  t.is(allowed.code, 0, allowed.err);
  t.true(existsSync(marker));
});

test('heal leaves the journal of a live run alone and says so; a dead run of the same directory is healed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-heal-'));
  const liveMarker = join(dir, 'live-healed');
  const deadMarker = join(dir, 'dead-healed');
  // This test's own process stands for the live run.
  writeJournal(dir, 'run-live', process.pid, {
    kind: 'exec',
    command: `touch ${liveMarker}`,
    timeoutMs: 5_000,
  });
  writeJournal(dir, 'run-dead', deadPid(), {
    kind: 'exec',
    command: `touch ${deadMarker}`,
    timeoutMs: 5_000,
  });
  const r = await cli('heal', '--journal', dir, '--allow-exec');
  t.is(r.code, 0, r.err);
  t.regex(
    r.out,
    new RegExp(`^skipped run-live: still running \\(pid ${process.pid} on ${hostname()}\\): left alone`, 'm'),
  );
  t.regex(r.out, /^healed run-dead hook#1/m);
  t.false(existsSync(liveMarker));
  t.true(existsSync(deadMarker));
  t.deepEqual(
    readPendingUndos(dir).map((p) => p.runId),
    ['run-live'],
  );
});

test('an unrun shell hook beside a live run: the live run is left alone, the hook is named, exit 0', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-heal-'));
  const marker = join(dir, 'ran');
  writeJournal(dir, 'run-live', process.pid, { kind: 'exec', command: 'true', timeoutMs: 5_000 });
  writeJournal(dir, 'run-dead', deadPid(), { kind: 'exec', command: `touch ${marker}`, timeoutMs: 5_000 });
  const r = await cli('heal', '--journal', dir);
  t.is(r.code, 0, r.err);
  t.regex(r.out, /^skipped run-live: still running/m);
  t.regex(r.out, /^NOT RUN run-dead hook#1: a shell heal hook \(touch .*ran\)/m);
  t.false(existsSync(marker));
  t.deepEqual(
    readPendingUndos(dir)
      .map((p) => p.runId)
      .sort(),
    ['run-dead', 'run-live'],
  );
});

/** A journal as a run with process `pid` on this host would have left it. */
function writeJournal(
  dir: string,
  runId: string,
  pid: number,
  step: { kind: 'exec'; command: string; timeoutMs: number },
): void {
  const owner = { runId, pid, host: hostname(), startedAt: new Date().toISOString() };
  const lines = [{ owner }, { key: 'hook#1', driver: 'exec', step }];
  writeFileSync(join(dir, `${runId}.ndjson`), lines.map((l) => JSON.stringify(l)).join('\n') + '\n', {
    mode: 0o600,
  });
}

/** The pid of a process that has exited: a run that crashed. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}
