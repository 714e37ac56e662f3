import { HistoryBuilder } from '@sessionchaos/core';
import test from 'ava';
import { render } from 'ink-testing-library';
import React from 'react';
import { RedisPanel } from '../src/components/redis-panel.ts';
import { labInfo, stateOf } from './helpers/run-fixtures.ts';

const h = React.createElement;
const redis = { primary: 'redis-primary', replicas: ['redis-replica-1', 'redis-replica-2'], sentinels: 3 };

test('after a failover op the panel shows the elected primary, the old one down, and the election time', (t) => {
  const b = new HistoryBuilder();
  b.faultInvoke('failover#1', 'failover', 12_000, { target: 'redis-primary' });
  b.faultDone('failover#1', 'failover', 14_400, {
    target: 'redis-primary',
    victims: ['redis-primary'],
    detail: 'redis-primary down (kill); redis-replica-1 elected primary after 2336 ms',
  });
  const view = stateOf(labInfo({ redis, plannedFaults: [] }), b.ops).snapshot(15_000).redis;
  if (!view) return t.fail('a lab with Redis has a Redis view');
  const { lastFrame, unmount } = render(h(RedisPanel, { redis: view }));
  const [top, bottom] = (lastFrame() ?? '').split('\n');
  t.is(top?.trimEnd(), 'redis      primary redis-replica-1  replicas redis-replica-2, redis-primary (down)');
  t.is(
    bottom?.trimEnd(),
    '           sentinels 3  failovers 1  last 0:14: redis-primary -> redis-replica-1 in 2336 ms',
  );
  unmount();
});

test('before any fault the panel shows the topology as started', (t) => {
  const view = stateOf(labInfo({ redis, plannedFaults: [] }), []).snapshot(1_000).redis;
  if (!view) return t.fail('a lab with Redis has a Redis view');
  const { lastFrame, unmount } = render(h(RedisPanel, { redis: view }));
  t.regex(
    lastFrame() ?? '',
    /primary redis-primary {2}replicas redis-replica-1, redis-replica-2\n.*sentinels 3 {2}failovers 0$/,
  );
  unmount();
});

test('a run without Redis has no Redis view', (t) => {
  t.is(stateOf(labInfo(), []).snapshot(0).redis, null);
});
