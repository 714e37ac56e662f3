import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { startTicks } from '../src/container-process.ts';
import { SignalScheduler } from '../src/signal-scheduler.ts';

/** A real process of ours to signal, and when it died (performance.now), once it has. */
function sleeper(t: { teardown: (f: () => void) => void }): { child: ChildProcess; died: Promise<number> } {
  const child = spawn('sleep', ['30']);
  t.teardown(() => child.kill('SIGKILL'));
  const died = new Promise<number>((resolve) => child.once('exit', () => resolve(performance.now())));
  return { child, died };
}

const target = (child: ChildProcess) => ({
  pid: child.pid!,
  startTicks: startTicks(child.pid!)!,
  signal: 'SIGKILL' as const,
});

test('an armed signal is sent at its instant from the signal thread, and says when it landed', async (t) => {
  const scheduler = new SignalScheduler();
  t.teardown(() => scheduler.close());
  const { child, died } = sleeper(t);
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const armed = scheduler.arm(target(child), 300, now);
  const result = await armed.result;
  t.true(result.sent);
  if (!result.sent) return;
  t.is(result.pid, child.pid!);
  t.true(result.effectAt >= 300, `not before its instant (${result.effectAt})`);
  t.true(result.effectAt <= now(), 'before its result came back');
  t.true((await died) - t0 >= result.effectAt, 'the process died after the signal');
  t.is(child.signalCode, 'SIGKILL');
});

test('a disarmed signal is never sent; a later one still is', async (t) => {
  const scheduler = new SignalScheduler();
  t.teardown(() => scheduler.close());
  const spared = sleeper(t);
  const killed = sleeper(t);
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const cancelled = scheduler.arm(target(spared.child), 200, now);
  const next = scheduler.arm(target(killed.child), 400, now);
  scheduler.disarm(cancelled.id);
  t.deepEqual(await cancelled.result, { sent: false, reason: 'disarmed' });
  t.true((await next.result).sent);
  await killed.died;
  t.is(spared.child.exitCode, null);
  t.is(spared.child.signalCode, null, 'still alive');
});

test('a pid whose start time changed (gone or reused) is not signalled', async (t) => {
  const scheduler = new SignalScheduler();
  t.teardown(() => scheduler.close());
  const { child } = sleeper(t);
  const t0 = performance.now();
  const stale = { ...target(child), startTicks: '1' };
  const result = await scheduler.arm(stale, 50, () => performance.now() - t0).result;
  t.deepEqual(result, {
    sent: false,
    reason: `its pid ${child.pid} is gone or reused (it exited or restarted)`,
  });
  t.is(child.signalCode, null, 'still alive');
});
