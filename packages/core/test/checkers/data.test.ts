import test from 'ava';
import { runChecker } from '../../src/checkers/check-history.ts';
import { lostUpdateChecker } from '../../src/checkers/lost-update.ts';
import { staleReadChecker } from '../../src/checkers/stale-read.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import type { OpType } from '../../src/history/op.ts';

function write(h: HistoryBuilder, vu: number, t: number, value: number, type: OpType = 'ok'): void {
  h.step(
    vu,
    'write',
    t,
    t + 5,
    { session: 's', value },
    type === 'ok' ? { status: 200, value } : { error: 'timeout' },
    type,
  );
}
function read(h: HistoryBuilder, vu: number, t: number, value: number | null): void {
  h.step(vu, 'read', t, t + 5, { session: 's' }, { status: 200, value, session: 's' });
}

test('stale-read: flags a read older than the last acknowledged write, and says when reads caught up', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 1);
  write(h, 1, 10, 2);
  read(h, 1, 20, 1); // read-your-writes broken
  read(h, 1, 30, 2); // caught up 10 ms later
  const [finding] = runChecker(staleReadChecker, h.ops);
  t.is(finding!.count, 1);
  t.regex(finding!.detail, /caught up within 10 ms/);
});

test('stale-read: flags a non-monotonic read, and reads that never catch up', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 1);
  h.invoke(1, 'write', 10, { session: 's', value: 2 });
  read(h, 1, 12, 2); // sees the in-flight write: fine
  h.ok(1, 'write', 20, { status: 200 });
  read(h, 1, 30, 1); // goes back in time
  read(h, 1, 40, null); // and further
  const [finding] = runChecker(staleReadChecker, h.ops);
  t.is(finding!.count, 2);
  t.regex(finding!.detail, /reads never caught up/);
});

test('stale-read: sessions that end while behind are counted as sessions, not as users', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 1);
  write(h, 1, 10, 2);
  read(h, 1, 20, 1); // stale...
  read(h, 1, 30, 2); // ...caught up
  write(h, 1, 40, 3);
  read(h, 1, 50, 2); // stale again, then the VU logs in afresh: that session ended behind
  h.step(1, 'login', 60, 70, {}, { status: 200, session: 't' });
  h.step(1, 'write', 80, 85, { session: 't', value: 1 }, { status: 200, value: 1, session: 't' });
  h.step(1, 'read', 90, 95, { session: 't' }, { status: 200, value: null, session: 't' }); // behind at the end
  const [finding] = runChecker(staleReadChecker, h.ops);
  t.is(finding!.count, 3);
  t.regex(
    finding!.detail,
    /caught up within 10 ms at worst; 2 sessions ended before their reads caught up\.$/,
  );
});

test('stale-read: reads after an info write, and concurrent writes, are not judged', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 1, 'info');
  write(h, 1, 10, 2);
  read(h, 1, 20, 1); // the timed-out write may have landed late
  h.invoke(2, 'write', 0, { session: 's', value: 'a' });
  h.invoke(2, 'write', 1, { session: 's', value: 'b' });
  h.ok(2, 'write', 5, { status: 200 });
  h.ok(2, 'write', 6, { status: 200 });
  h.step(2, 'read', 10, 12, { session: 's' }, { status: 200, value: 'a' });
  write(h, 3, 0, 1);
  h.step(3, 'read', 10, 12, { session: 's2' }, { status: 200, value: null, session: 's2' }); // new session
  t.deepEqual(runChecker(staleReadChecker, h.ops), []);
});

test('lost-update: flags a read missing both of two concurrent acknowledged writes', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 0);
  h.invoke(1, 'write', 10, { session: 's', value: 1, probe: 'concurrent-write' });
  h.invoke(1, 'write', 11, { session: 's', value: 2, probe: 'concurrent-write' });
  h.ok(1, 'write', 20, { status: 200 });
  h.ok(1, 'write', 21, { status: 200 });
  read(h, 1, 30, 0);
  const [finding] = runChecker(lostUpdateChecker, h.ops);
  t.is(finding!.count, 1);
  // The concurrent-write probe is an instrument: it is named in the detail, not counted as a user.
  t.deepEqual([finding!.users, finding!.affectedUsers], [[], 0]);
  t.regex(finding!.detail, /^1 read \(1 probe\) after concurrent/);
});

test('lost-update: sequential writes, a winner of concurrent writes, and unacknowledged ones are fine', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 1);
  write(h, 1, 10, 2);
  read(h, 1, 20, 1); // stale, but not a lost update
  h.invoke(2, 'write', 10, { session: 's', value: 1 });
  h.invoke(2, 'write', 11, { session: 's', value: 2 });
  h.ok(2, 'write', 20, { status: 200 });
  h.ok(2, 'write', 21, { status: 200 });
  read(h, 2, 30, 2);
  h.invoke(3, 'write', 10, { session: 's', value: 1 });
  h.invoke(3, 'write', 11, { session: 's', value: 2 });
  h.ok(3, 'write', 20, { status: 200 });
  h.info(3, 'write', 21, { error: 'timeout' });
  read(h, 3, 30, null);
  t.deepEqual(runChecker(lostUpdateChecker, h.ops), []);
});

test('stale-read: concurrent reads are each judged against what was acknowledged when they were sent', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 1);
  h.invoke(1, 'write', 10, { session: 's', value: 2 });
  h.invoke(1, 'read', 11, { session: 's' });
  h.invoke(1, 'read', 12, { session: 's' });
  h.ok(1, 'write', 13, { status: 200 });
  h.ok(1, 'read', 14, { status: 200, value: 1 }); // sent before write 2 was acknowledged: fine
  h.ok(1, 'read', 15, { status: 200, value: 1 });
  read(h, 1, 20, 1); // sent after: stale
  const [finding, ...rest] = runChecker(staleReadChecker, h.ops);
  t.deepEqual(rest, []);
  t.is(finding!.count, 1);
  t.is(finding!.firstAtMs, 25);
});

test('stale-read and lost-update: a logout that failed does not end the session data; one that succeeded does', (t) => {
  const h = new HistoryBuilder();
  write(h, 1, 0, 1);
  write(h, 1, 10, 2);
  h.step(1, 'logout', 20, 25, { session: 's' }, { status: 500, session: 's' });
  read(h, 1, 30, 1); // still the same session: stale
  h.invoke(2, 'write', 0, { session: 's', value: 1 });
  h.invoke(2, 'write', 1, { session: 's', value: 2 });
  h.ok(2, 'write', 5, { status: 200 });
  h.ok(2, 'write', 6, { status: 200 });
  h.step(2, 'logout', 10, 15, { session: 's' }, { error: 'timeout', session: 's' });
  read(h, 2, 20, null); // both acknowledged writes gone, logout or not
  // The near miss: after a logout that succeeded, an empty read is a fresh session's.
  write(h, 3, 0, 1);
  h.step(3, 'logout', 10, 15, { session: 's' }, { status: 200 });
  read(h, 3, 20, null);
  const [stale, ...rest] = runChecker(staleReadChecker, h.ops);
  t.deepEqual(rest, []);
  t.deepEqual([stale!.count, stale!.users], [2, [1, 2]]);
  const [lost, ...others] = runChecker(lostUpdateChecker, h.ops);
  t.deepEqual(others, []);
  t.deepEqual([lost!.count, lost!.users], [1, [2]]);
});
