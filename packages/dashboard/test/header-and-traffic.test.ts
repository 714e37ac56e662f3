import { HistoryBuilder } from '@sessionchaos/core';
import test from 'ava';
import { render } from 'ink-testing-library';
import React from 'react';
import { Header } from '../src/components/header.ts';
import { StatusMixPanel } from '../src/components/status-mix.ts';
import { Throughput } from '../src/components/throughput.ts';
import { labInfo, logIn, stateOf, stickyNode, whoamiEverySecond } from './helpers/run-fixtures.ts';

const h = React.createElement;

function busyRun(): ReturnType<typeof stateOf> {
  const b = new HistoryBuilder();
  const vus = logIn(b, 10, 0);
  // Load doubles at 3 s; VU 10 gets 503s.
  whoamiEverySecond(b, vus, 1_000, 3_000, (vu) => ({
    status: 200,
    node: stickyNode(vu),
    identity: `user-${vu}`,
    latency: 20,
  }));
  whoamiEverySecond(b, [...vus, ...vus], 3_000, 5_000, (vu) => ({
    status: vu === 10 ? 503 : 200,
    node: stickyNode(vu),
    identity: `user-${vu}`,
    latency: 40,
  }));
  return stateOf(labInfo(), b.ops);
}

test('the header shows scenario, target, strategy, seed, elapsed and remaining time, active VUs and users logged in', (t) => {
  const snapshot = busyRun().snapshot(5_300);
  const { lastFrame, unmount } = render(h(Header, { snapshot }));
  t.is(
    lastFrame(),
    [
      'sessionchaos sticky-busiest-killed  target http://127.0.0.1:8080  strategy sticky  seed 42',
      'elapsed 0:05 / 0:30  remaining 0:24  VUs 10 active  70 requests  logged in 10/10 users',
    ].join('\n'),
  );
  unmount();
});

test('the header shows at once that no login got through', (t) => {
  const b = new HistoryBuilder();
  for (let round = 0; round < 3; round++)
    for (let vu = 1; vu <= 10; vu++)
      b.step(
        vu,
        'login',
        round * 1_000 + vu,
        round * 1_000 + vu + 5,
        { user: `user-${vu}` },
        { status: 403 },
      );
  const { lastFrame, unmount } = render(h(Header, { snapshot: stateOf(labInfo(), b.ops).snapshot(3_000) }));
  t.regex(lastFrame() ?? '', /30 requests {2}logged in 0\/10 users$/);
  unmount();
});

test('the header shows the verdict in the last frame', (t) => {
  const state = busyRun();
  state.finish('fail', ['verdict fail']);
  const { lastFrame, unmount } = render(h(Header, { snapshot: state.snapshot(30_000) }));
  t.regex(lastFrame() ?? '', /remaining 0:00 .* verdict FAIL$/);
  unmount();
});

test('the header shows an interrupted run as INTERRUPTED, never as a pass', (t) => {
  const state = busyRun();
  state.finish('interrupted', ['INTERRUPTED: x']);
  const { lastFrame, unmount } = render(h(Header, { snapshot: state.snapshot(5_700) }));
  t.regex(lastFrame() ?? '', /verdict\s+INTERRUPTED$/);
  unmount();
});

test('throughput and latency as values and sparklines of the last seconds', (t) => {
  const s = busyRun().snapshot(5_300);
  const { lastFrame, unmount } = render(
    h(Throughput, { seconds: s.seconds, rps: s.rps, latency: s.latency }),
  );
  const lines = (lastFrame() ?? '').split('\n');
  // Seconds 0–4: 10 logins, 10, 10, 20, 20 requests.
  t.is(lines[0], `throughput     20 rps  ${' '.repeat(55)}▄▄▄██`);
  t.regex(lines[1] ?? '', /^p50 +40 ms {2} +▁▄▄██$/);
  t.regex(lines[2] ?? '', /^p99 +40 ms /);
  unmount();
});

test('the status mix of the last 10 s, with the run totals', (t) => {
  const s = busyRun().snapshot(5_300);
  const { lastFrame, unmount } = render(h(StatusMixPanel, { recent: s.recentMix, total: s.totalMix }));
  t.is(
    lastFrame(),
    'status     2xx 94%  3xx 0%  4xx 0%  5xx 5.7%  errors 0%  (10 s)  run: 70 req, 4 5xx/errors',
  );
  unmount();
});
