import { HistoryBuilder } from '@sessionchaos/core';
import test from 'ava';
import { render } from 'ink-testing-library';
import React from 'react';
import { App } from '../src/components/app.ts';
import { labInfo, logIn, stateOf } from './helpers/run-fixtures.ts';

const h = React.createElement;
const noop = (): void => {};
const redis = { primary: 'redis-primary', replicas: ['redis-replica-1'], sentinels: 3 };

// The first word of each line (the divider line has none followed by a space).
function titles(frame: string): string[] {
  return frame
    .split('\n')
    .map((l) => /^(\S+)\s/.exec(l)?.[1])
    .filter((w): w is string => w !== undefined);
}

test('one frame holds every panel in order, Redis only where there is one, and the recent notices', (t) => {
  const b = new HistoryBuilder();
  logIn(b, 3, 0);
  const state = stateOf(labInfo({ redis }), b.ops);
  state.notice('traffic paused (space resumes)', 1_500);
  const { lastFrame, unmount } = render(h(App, { snapshot: state.snapshot(2_000), onCommand: noop }));
  const frame = lastFrame() ?? '';
  t.deepEqual(titles(frame), [
    'sessionchaos',
    'elapsed',
    'throughput',
    'p50',
    'p99',
    'status',
    '401/403',
    'sessions',
    'findings',
    'nodes',
    'redis',
    'faults',
    '0:01',
    '?',
  ]);
  t.regex(frame, /0:01 {2}traffic paused \(space resumes\)/);
  t.regex(frame, /\? help {2}k kill busiest .* q quit$/);
  t.false(
    titles(
      render(h(App, { snapshot: stateOf(labInfo(), []).snapshot(0), onCommand: noop })).lastFrame() ?? '',
    ).includes('redis'),
  );
  unmount();
});

test('without fault injection the footer offers no fault keys; the last frame has no footer', (t) => {
  const state = stateOf(labInfo({ interactive: false }), []);
  const live = render(h(App, { snapshot: state.snapshot(1_000), onCommand: noop }));
  t.regex(live.lastFrame() ?? '', /\? help {2}space pause traffic {2}q quit$/);
  live.unmount();
  state.finish('pass', []);
  const last = render(h(App, { snapshot: state.snapshot(30_000), onCommand: noop, keys: false }));
  t.regex(last.lastFrame() ?? '', /verdict PASS/);
  t.notRegex(last.lastFrame() ?? '', /q quit/);
  last.unmount();
});
