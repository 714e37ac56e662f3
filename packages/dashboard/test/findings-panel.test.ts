import { HistoryBuilder } from '@sessionchaos/core';
import test from 'ava';
import { render } from 'ink-testing-library';
import React from 'react';
import { FindingsPanel } from '../src/components/findings-panel.ts';
import { labInfo, stateOf } from './helpers/run-fixtures.ts';

const h = React.createElement;

test('finding kinds as they appear: count, first and last time, their fault, security ones first, new ones marked', (t) => {
  const b = new HistoryBuilder();
  b.fault('kill-busiest#1', 'kill', 10_000, 18_000, { target: 'app', victims: ['app-2'] });
  const state = stateOf(labInfo(), b.ops);
  state.finding('stale-read', 4_000, 1);
  state.finding('lost-session', 11_000, 5);
  state.finding('lost-session', 14_000, 7);
  state.finding('cross-user-leak', 15_000, 1);
  const { findings } = state.snapshot(16_000);
  const { lastFrame, unmount } = render(h(FindingsPanel, { findings, nowMs: 16_000 }));
  t.deepEqual(
    (lastFrame() ?? '').split('\n').map((l) => l.trimEnd()),
    [
      'findings   cross-user-leak             1  0:15–0:15  in kill-busiest#1  NEW',
      '           stale-read                  1  0:04–0:04  steady state',
      '           lost-session               12  0:11–0:14  in kill-busiest#1  NEW',
    ],
  );
  unmount();
});

test('no finding yet says so', (t) => {
  const { lastFrame, unmount } = render(h(FindingsPanel, { findings: [], nowMs: 1_000 }));
  t.is(lastFrame(), 'findings   none so far');
  unmount();
});
