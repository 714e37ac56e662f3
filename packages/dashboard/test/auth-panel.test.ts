import { HistoryBuilder } from '@sessionchaos/core';
import test from 'ava';
import { render } from 'ink-testing-library';
import React from 'react';
import { AuthPanel } from '../src/components/auth-panel.ts';
import { labInfo, logIn, stateOf, stickyNode, whoamiEverySecond } from './helpers/run-fixtures.ts';

const h = React.createElement;

function run(spikeAt: number | null): ReturnType<typeof stateOf> {
  const b = new HistoryBuilder();
  const vus = logIn(b, 20, 0);
  const named = (vu: number) => ({
    status: 200,
    node: stickyNode(vu),
    identity: `user-${vu}`,
    session: `s${vu}`,
  });
  const refused = (vu: number) => ({ status: 401, node: stickyNode(vu), identity: null, session: `s${vu}` });
  if (spikeAt === null) {
    whoamiEverySecond(b, vus, 1_000, 13_000, named);
    return stateOf(labInfo(), b.ops);
  }
  whoamiEverySecond(b, vus, 1_000, spikeAt, named);
  // Half the users are refused, and refused again by the same node (their sessions lost, on
  // evidence), then log in again.
  whoamiEverySecond(b, vus, spikeAt, spikeAt + 1, (vu) => (vu <= 10 ? refused(vu) : named(vu)));
  for (let vu = 1; vu <= 10; vu++) {
    const at = spikeAt + 500 + vu;
    b.step(vu, 'whoami', at, at + 10, { session: `s${vu}` }, refused(vu));
    b.step(
      vu,
      'login',
      at + 20,
      at + 25,
      { user: `user-${vu}` },
      { status: 200, node: stickyNode(vu), session: `s${vu}` },
    );
  }
  whoamiEverySecond(b, vus, spikeAt + 1_000, 13_000, named);
  return stateOf(labInfo(), b.ops);
}

test('a 401 spike is flagged as it happens, with its share, refusals and the lost sessions', (t) => {
  const s = run(12_000).snapshot(13_100);
  const { lastFrame, unmount } = render(h(AuthPanel, { auth: s.auth, seconds: s.seconds, nowMs: s.nowMs }));
  const frame = lastFrame() ?? '';
  t.regex(frame, /^401\/403 +50%\/s/);
  t.regex(frame, /SPIKE NOW 0:12: 50% refused \(20\), was 0% {2}spikes 1 \(1 s\)/);
  // The spike second is marked under the sparkline's last column.
  t.regex(frame, /\n {23} {59}!\n/);
  t.regex(frame, /sessions +lost 10 \(10 users\) {2}redirect loops 0/);
  unmount();
});

test('once it is a few seconds old the spike is shown as the last one, not as now', (t) => {
  const s = run(5_000).snapshot(13_100);
  const { lastFrame, unmount } = render(h(AuthPanel, { auth: s.auth, seconds: s.seconds, nowMs: s.nowMs }));
  t.regex(lastFrame() ?? '', /last spike 0:05: 50% refused/);
  t.notRegex(lastFrame() ?? '', /SPIKE NOW/);
  unmount();
});

test('a run without refusals says there is no spike', (t) => {
  const s = run(null).snapshot(13_100);
  const { lastFrame, unmount } = render(h(AuthPanel, { auth: s.auth, seconds: s.seconds, nowMs: s.nowMs }));
  t.regex(lastFrame() ?? '', /baseline 0% {2}total 0 {2}no spike/);
  unmount();
});
