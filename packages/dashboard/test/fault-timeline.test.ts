import { HistoryBuilder } from '@sessionchaos/core';
import test from 'ava';
import { render } from 'ink-testing-library';
import React from 'react';
import { FaultTimeline, timelineBar } from '../src/components/fault-timeline.ts';
import { labInfo, stateOf } from './helpers/run-fixtures.ts';

const h = React.createElement;

function rowsOf(frame: string, key: string): [string, string] {
  const lines = frame.split('\n');
  const i = lines.findIndex((l) => l.includes(key));
  return [lines[i] ?? '', lines[i + 1] ?? ''];
}

test('past, active and upcoming faults, with a finding marked inside its window', (t) => {
  const info = labInfo({
    durationMs: 50_000,
    plannedFaults: [
      { key: 'kill-busiest#1', action: 'kill', target: 'app', startMs: 5_000, endMs: 10_000 },
      { key: 'pause-one#1', action: 'pause', target: 'app', startMs: 20_000, endMs: 30_000 },
      { key: 'cut-one#1', action: 'partition', target: 'app', startMs: 40_000, endMs: 45_000 },
    ],
  });
  const b = new HistoryBuilder();
  b.fault('kill-busiest#1', 'kill', 5_000, 10_000, { target: 'app', victims: ['app-2'] });
  b.faultInvoke('pause-one#1', 'pause', 20_000, { target: 'app' });
  b.faultDone('pause-one#1', 'pause', 20_000, { target: 'app', victims: ['app-3'] });
  const state = stateOf(info, b.ops);
  state.finding('lost-session', 7_000, 4);
  state.finding('stale-read', 24_000, 2);
  const { faults } = state.snapshot(25_000);
  const { lastFrame, unmount } = render(h(FaultTimeline, { faults, nowMs: 25_000, durationMs: 50_000 }));
  const frame = lastFrame() ?? '';

  const [pastHead, pastBar] = rowsOf(frame, 'kill-busiest#1');
  t.regex(pastHead, /past\s+kill-busiest#1 {2}kill app -> app-2 {2}0:05-0:10/);
  // 50 columns over 50 s: one column a second. The kill covers columns 5–10, its finding at 7.
  // Now (25 s) is the `|`.
  t.is(pastBar.trim().slice(0, 50), `·····██!███${'·'.repeat(14)}|${'·'.repeat(24)}`);
  t.regex(pastBar, /lost-session 4$/);

  const [activeHead, activeBar] = rowsOf(frame, 'pause-one#1');
  t.regex(activeHead, /ACTIVE\s+pause-one#1 {2}pause app -> app-3 {2}0:20-0:30/);
  t.is(activeBar.trim().slice(0, 50), `${'·'.repeat(20)}▓▓▓▓!▓${'·'.repeat(24)}`);
  t.regex(activeBar, /stale-read 2$/);

  const [upcomingHead, upcomingBar] = rowsOf(frame, 'cut-one#1');
  t.regex(upcomingHead, /upcoming\s+cut-one#1 {2}partition app {2}0:40-0:45/);
  t.is(upcomingBar.trim().slice(0, 50), `${'·'.repeat(25)}|${'·'.repeat(14)}░░░░░░${'·'.repeat(4)}`);
  unmount();
});

test('a fault injected by a key joins the timeline when its first op arrives', (t) => {
  const b = new HistoryBuilder();
  b.faultInvoke('key-kill-random-1#1', 'kill', 3_000, { target: 'app' });
  b.faultDone('key-kill-random-1#1', 'kill', 3_100, { target: 'app', victims: ['app-1'] });
  const { faults } = stateOf(labInfo({ plannedFaults: [] }), b.ops).snapshot(4_000);
  const { lastFrame, unmount } = render(h(FaultTimeline, { faults, nowMs: 4_000, durationMs: 30_000 }));
  t.regex(lastFrame() ?? '', /ACTIVE\s+key-kill-random-1#1 {2}kill app -> app-1 {2}0:03-\.\.\./);
  unmount();
});

test('a fault whose action failed shows the reason', (t) => {
  const b = new HistoryBuilder();
  b.faultInvoke('kill-busiest#1', 'kill', 10_000, { target: 'app' });
  b.faultDone('kill-busiest#1', 'kill', 10_010, { error: 'no victim matched app' }, 'fail');
  const { faults } = stateOf(labInfo(), b.ops).snapshot(11_000);
  const { lastFrame, unmount } = render(h(FaultTimeline, { faults, nowMs: 11_000, durationMs: 30_000 }));
  t.regex(lastFrame() ?? '', /FAILED\s+kill-busiest#1 .* no victim matched app/);
  unmount();
});

test('the bar marks now outside a window and findings over its fill', (t) => {
  const fault = {
    key: 'k#1',
    action: 'kill',
    target: 'app',
    victims: [],
    phase: 'past' as const,
    startMs: 2_000,
    endMs: 4_000,
    detail: null,
    error: null,
    findings: [],
    findingTimes: [3_000],
  };
  t.is(timelineBar(fault, 8_000, 10_000, 10), '··█!█···|·');
});

test('a long list of findings is cut at the terminal edge instead of wrapping the bar', (t) => {
  const b = new HistoryBuilder();
  b.fault('kill-busiest#1', 'kill', 5_000, 10_000, { target: 'app', victims: ['app-2'] });
  const state = stateOf(labInfo(), b.ops);
  for (const kind of ['lost-session', 'unauthorized-spike', 'stale-read', 'hotspot', 'error-spike'] as const)
    state.finding(kind, 6_000, 1);
  const { faults } = state.snapshot(12_000);
  const { lastFrame, unmount } = render(h(FaultTimeline, { faults, nowMs: 12_000, durationMs: 30_000 }));
  const lines = (lastFrame() ?? '').split('\n');
  // ink-testing-library's terminal is 100 columns wide.
  t.true(lines.every((l) => l.length <= 100));
  t.regex(lines[1] ?? '', /lost-session 1, unauthorized-spike 1.*…$/);
  unmount();
});
