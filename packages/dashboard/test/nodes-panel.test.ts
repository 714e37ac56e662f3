import { HistoryBuilder } from '@sessionchaos/core';
import test from 'ava';
import { render } from 'ink-testing-library';
import React from 'react';
import { NodesPanel } from '../src/components/nodes-panel.ts';
import { labInfo, logIn, stateOf, stickyNode, whoamiEverySecond } from './helpers/run-fixtures.ts';

const h = React.createElement;

function lineOf(frame: string, node: string): string {
  return frame.split('\n').find((l) => l.includes(`${node} `)) ?? '';
}

test('a killed node shows as down with its fault, and the others share the requests', (t) => {
  const b = new HistoryBuilder();
  const vus = logIn(b, 9, 0); // 3 sessions per node
  b.faultInvoke('kill-busiest#1', 'kill', 10_000, { target: 'app' });
  b.faultDone('kill-busiest#1', 'kill', 10_020, { target: 'app', victims: ['app-2'] });
  // After the kill only app-1 and app-3 answer; app-1 gets twice app-3's share.
  whoamiEverySecond(b, vus, 10_000, 13_000, (vu) => {
    const node = stickyNode(vu) === 'app-2' ? 'app-1' : stickyNode(vu);
    return { status: 200, node, identity: `user-${vu}` };
  });
  const snapshot = stateOf(labInfo(), b.ops).snapshot(13_100);
  const { lastFrame, unmount } = render(h(NodesPanel, { nodes: snapshot.nodes }));
  const frame = lastFrame() ?? '';
  t.regex(lineOf(frame, 'app-2'), /0% req .* DOWN \(kill-busiest#1\)/);
  // Two nodes left to serve: 67% of the sessions is not yet a hot spot (1.5 x 50%).
  t.regex(lineOf(frame, 'app-1'), /67% req .* 6 sessions\s+67%\s+up$/);
  t.regex(lineOf(frame, 'app-3'), /33% req .* 3 sessions\s+33%\s+up$/);
  unmount();
});

test('paused and partitioned nodes say so', (t) => {
  const b = new HistoryBuilder();
  b.faultInvoke('pause-one#1', 'pause', 1_000, { target: 'app' });
  b.faultDone('pause-one#1', 'pause', 1_010, { target: 'app', victims: ['app-1'] });
  b.faultInvoke('cut#1', 'partition', 1_000, { target: 'app' });
  b.faultDone('cut#1', 'partition', 1_020, { target: 'app', victims: ['app-3'] });
  const { nodes } = stateOf(labInfo(), b.ops).snapshot(2_000);
  const { lastFrame, unmount } = render(h(NodesPanel, { nodes }));
  const frame = lastFrame() ?? '';
  t.regex(lineOf(frame, 'app-1'), /PAUSED \(pause-one#1\)/);
  t.regex(lineOf(frame, 'app-3'), /PARTITIONED \(cut#1\)/);
  t.regex(lineOf(frame, 'app-2'), /up$/);
  unmount();
});

test('an external target learns its nodes from the answers', (t) => {
  const b = new HistoryBuilder();
  b.step(1, 'login', 0, 5, {}, { status: 200, node: 'web-a', identity: 'u1' });
  b.step(2, 'login', 0, 5, {}, { status: 200, node: 'web-b', identity: 'u2' });
  const { nodes } = stateOf(labInfo({ nodes: [], strategy: null }), b.ops).snapshot(1_000);
  const { lastFrame, unmount } = render(h(NodesPanel, { nodes }));
  t.regex(lineOf(lastFrame() ?? '', 'web-a'), /50% req .* 1 sessions\s+50%/);
  t.regex(lineOf(lastFrame() ?? '', 'web-b'), /50% req/);
  unmount();
});

test('a node holding far more than its fair share of live sessions is marked hot', (t) => {
  const b = new HistoryBuilder();
  logIn(b, 10, 0, (vu) => (vu <= 8 ? 'app-1' : vu === 9 ? 'app-2' : 'app-3'));
  const { nodes } = stateOf(labInfo(), b.ops).snapshot(1_000);
  const { lastFrame, unmount } = render(h(NodesPanel, { nodes }));
  t.regex(lineOf(lastFrame() ?? '', 'app-1'), /8 sessions\s+80%\s+up\s+HOT$/);
  t.regex(lineOf(lastFrame() ?? '', 'app-2'), /1 sessions\s+10%\s+up$/);
  unmount();
});

test('behind a round robin with a shared store users move on every request: requests, not the noisy session share, make a node hot', (t) => {
  const b = new HistoryBuilder();
  const vus = logIn(b, 10, 0);
  // Round robin: each answer comes from the next node. At the snapshot 6 of 10 users were last
  // answered by app-1 (60% of the sessions), yet each node served a third of the requests.
  let turn = 0;
  whoamiEverySecond(b, vus, 1_000, 8_000, () => ({
    status: 200,
    node: `app-${(turn++ % 3) + 1}`,
    identity: 'x',
  }));
  for (const vu of vus.slice(0, 6))
    b.step(vu, 'whoami', 8_500, 8_510, {}, { status: 200, node: 'app-1', identity: `user-${vu}` });
  const even = stateOf(labInfo(), b.ops).snapshot(9_000);
  t.is(even.nodes[0]!.sessionShare >= 0.5, true);
  t.deepEqual(
    even.nodes.map((n) => n.hot),
    [false, false, false],
  );
  // The same users, then most requests on app-2: that is a hot spot.
  for (let time = 9_000; time < 12_000; time += 100)
    for (const vu of vus)
      b.step(vu, 'whoami', time, time + 5, {}, { status: 200, node: 'app-2', identity: 'x' });
  const skewed = stateOf(labInfo(), b.ops).snapshot(12_000);
  t.deepEqual(
    skewed.nodes.map((n) => n.hot),
    [false, true, false],
  );
  const { lastFrame, unmount } = render(h(NodesPanel, { nodes: skewed.nodes }));
  t.regex(lineOf(lastFrame() ?? '', 'app-2'), /up\s+HOT$/);
  unmount();
});

test('a logout answered 500 leaves the session on its node; one that succeeded ends it', (t) => {
  const b = new HistoryBuilder();
  logIn(b, 3, 0); // one session per node
  b.step(1, 'logout', 100, 105, {}, { status: 500, node: 'app-1' }); // the store is down: still live
  b.step(2, 'logout', 100, 105, {}, { status: 200, node: 'app-2' });
  const { nodes } = stateOf(labInfo(), b.ops).snapshot(1_000);
  const { lastFrame, unmount } = render(h(NodesPanel, { nodes }));
  const frame = lastFrame() ?? '';
  t.regex(lineOf(frame, 'app-1'), / 1 sessions/);
  t.regex(lineOf(frame, 'app-2'), / 0 sessions/);
  t.regex(lineOf(frame, 'app-3'), / 1 sessions/);
  unmount();
});
