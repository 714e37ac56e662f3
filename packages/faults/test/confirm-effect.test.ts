import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultOp } from '@sessionchaos/core';
import { confirmDelay, confirmEffect } from '../src/confirm-effect.ts';
import { FaultError, FaultRunner, HealJournal, type FaultDriver } from '../src/index.ts';

test('an effect seen on a later look is confirmed', async (t) => {
  let looks = 0;
  await confirmEffect('x happened', async () => (++looks < 3 ? 'not yet' : undefined), 1_000);
  t.is(looks, 3);
});

test('an effect never seen fails with what was seen instead, not as unknown', async (t) => {
  const error = await t.throwsAsync(
    confirmEffect('x happened', async () => 'y instead', 200),
    {
      instanceOf: FaultError,
    },
  );
  t.regex(error!.message, /^effect not confirmed: x happened was not seen within 200 ms; seen: y instead$/);
  t.false((error as FaultError).unknown);
});

test('an effect that could not be looked at is unknown, with the reason', async (t) => {
  const error = await t.throwsAsync(
    confirmEffect(
      'x happened',
      async () => {
        throw new Error('connect ENOENT /var/run/docker.sock');
      },
      200,
    ),
    { instanceOf: FaultError },
  );
  t.regex(error!.message, /^effect unknown: could not see whether x happened .*docker\.sock/);
  t.true((error as FaultError).unknown);
});

test('the runner completes a fault whose effect is unknown as info, and one seen absent as fail', async (t) => {
  const ops: FaultOp[] = [];
  const driver = (error: FaultError): FaultDriver => ({
    name: 'fake',
    actions: ['kill'],
    setup: async () => {},
    teardown: async () => {},
    inject: async () => {
      throw error;
    },
    undo: async () => undefined,
  });
  for (const error of [
    new FaultError('effect unknown: could not see', undefined, { unknown: true }),
    new FaultError('effect not confirmed: app-1 still running'),
  ]) {
    const runner = new FaultRunner({
      drivers: [driver(error)],
      resolveVictims: async () => [{ name: 'app-1', containerId: 'c1' }],
      journal: new HealJournal('run-confirm', mkdtempSync(join(tmpdir(), 'sc-confirm-'))),
      now: () => 0,
      record: (op) => ops.push(op),
    });
    await runner.inject({
      key: 'k#1',
      spec: { id: 'k', action: 'kill', target: { container: 'app-1' }, at: 0 },
      occurrence: 1,
      startMs: 0,
      endMs: 0,
    });
  }
  t.deepEqual(
    ops.filter((o) => o.action === 'kill' && o.type !== 'invoke').map((o) => [o.type, o.error]),
    [
      ['info', 'effect unknown: could not see'],
      ['fail', 'effect not confirmed: app-1 still running'],
    ],
  );
});

// This machine's kernel has no netem; the lines are iproute2's own `tc qdisc show` output.
test('latency is confirmed by the netem delay at the root of eth0, in whatever unit tc prints it', async (t) => {
  const shows = (line: string) => async () => line;
  await confirmDelay(shows('qdisc netem 8001: root refcnt 2 limit 1000 delay 250ms'), 'app-1', 250, 100);
  await confirmDelay(shows('qdisc netem 8002: root refcnt 2 limit 1000 delay 1.5s'), 'app-1', 1500, 100);
  const other = await t.throwsAsync(
    confirmDelay(shows('qdisc netem 8003: root refcnt 2 limit 1000 delay 100ms'), 'app-1', 250, 100),
  );
  t.regex(other!.message, /seen: a netem delay of 100ms on eth0 in app-1$/);
  const none = await t.throwsAsync(confirmDelay(shows('qdisc noqueue 0: root refcnt 2'), 'app-1', 250, 100));
  t.regex(none!.message, /seen: no netem delay at the root of eth0 in app-1 \(tc qdisc show: qdisc noqueue/);
});
