import { HistoryBuilder } from '@sessionchaos/core';
import test from 'ava';
import { labInfo, logIn, stateOf, stickyNode, whoamiEverySecond } from './helpers/run-fixtures.ts';

test('live sessions sit on the node of their last authenticated answer; a logout releases, a 401 loses', (t) => {
  const h = new HistoryBuilder();
  const vus = logIn(h, 6, 100); // 2 per node
  h.step(1, 'logout', 500, 510, {}, { status: 200, node: 'app-1' });
  // Refused, refused again by the same node (confirmed), then left: core counts the loss.
  h.step(2, 'whoami', 600, 610, { session: 's2' }, { status: 401, node: 'app-2', identity: null });
  h.step(2, 'whoami', 620, 630, { session: 's2' }, { status: 401, node: 'app-2', identity: null });
  h.step(2, 'logout', 640, 650, { session: 's2' }, { status: 200, node: 'app-2' });
  h.step(3, 'whoami', 700, 710, {}, { status: 200, node: 'app-1', identity: 'user-3' }); // moved
  const s = stateOf(labInfo(), h.ops).snapshot(2_000);
  const live = Object.fromEntries(s.nodes.map((n) => [n.name, n.liveSessions]));
  // app-1: VU 4 and VU 3 (moved); app-2: VU 5; app-3: VU 6.
  t.deepEqual(live, { 'app-1': 2, 'app-2': 1, 'app-3': 1 });
  t.is(s.auth.lostSessions, 1);
  t.is(s.auth.lostSessionUsers, 1);
  t.is(vus.length, 6);
});

test('a VU that starts over (new epoch) leaves its old session without counting it lost', (t) => {
  const h = new HistoryBuilder();
  logIn(h, 1, 0);
  h.step(1, 'visit', 300, 305, { epoch: 1 }, { epoch: 1, status: 200, node: 'app-2', identity: null });
  const s = stateOf(labInfo(), h.ops).snapshot(1_000);
  t.is(s.auth.lostSessions, 0);
  t.deepEqual(
    s.nodes.map((n) => n.liveSessions),
    [0, 0, 0],
  );
});

test('a kill holds its victim down until the heal of the same fault key', (t) => {
  const h = new HistoryBuilder();
  h.faultInvoke('kill-busiest#1', 'kill', 10_000, { target: 'app' });
  h.faultDone('kill-busiest#1', 'kill', 10_050, {
    target: 'app',
    victims: ['app-2'],
    detail: 'app-2 killed (SIGKILL)',
  });
  const during = stateOf(labInfo(), h.ops).snapshot(12_000);
  t.deepEqual(
    during.nodes.map((n) => [n.name, n.state, n.fault]),
    [
      ['app-1', 'up', null],
      ['app-2', 'down', 'kill-busiest#1'],
      ['app-3', 'up', null],
    ],
  );
  t.is(during.faults.find((f) => f.key === 'kill-busiest#1')?.phase, 'active');
  h.faultInvoke('kill-busiest#1', 'heal', 18_000);
  h.faultDone('kill-busiest#1', 'heal', 18_400);
  const after = stateOf(labInfo(), h.ops).snapshot(19_000);
  t.is(after.nodes[1]?.state, 'up');
  const fault = after.faults.find((f) => f.key === 'kill-busiest#1');
  t.is(fault?.phase, 'past');
  t.is(fault?.startMs, 10_000);
  t.is(fault?.endMs, 18_400);
  t.is(after.faults.find((f) => f.key === 'pause-one#1')?.phase, 'upcoming');
});

test('a restart marks its node only briefly (it has no heal)', (t) => {
  const h = new HistoryBuilder();
  h.faultInvoke('restart-one#1', 'restart', 1_000, { target: 'app' });
  h.faultDone('restart-one#1', 'restart', 2_000, { target: 'app', victims: ['app-3'] });
  const state = stateOf(labInfo({ plannedFaults: [] }), h.ops);
  t.is(state.snapshot(3_000).nodes[2]?.state, 'restarting');
  t.is(state.snapshot(8_000).nodes[2]?.state, 'up');
  t.is(state.snapshot(8_000).faults[0]?.phase, 'past');
});

test('a failover completion naming the elected server makes it the primary', (t) => {
  const h = new HistoryBuilder();
  h.faultInvoke('failover#1', 'failover', 5_000, { target: 'redis-primary' });
  h.faultDone('failover#1', 'failover', 7_400, {
    target: 'redis-primary',
    victims: ['redis-primary'],
    detail: 'redis-primary down (kill); redis-replica-1 elected primary after 2336 ms',
  });
  const redis = { primary: 'redis-primary', replicas: ['redis-replica-1', 'redis-replica-2'], sentinels: 3 };
  const state = stateOf(labInfo({ redis, plannedFaults: [] }), h.ops);
  t.deepEqual(state.snapshot(8_000).redis, {
    primary: 'redis-replica-1',
    replicas: ['redis-replica-2', 'redis-primary'],
    sentinels: 3,
    down: ['redis-primary'],
    failovers: 1,
    lastFailover: { atMs: 7_400, from: 'redis-primary', to: 'redis-replica-1', electionMs: 2336 },
  });
  h.faultInvoke('failover#1', 'heal', 15_000);
  h.faultDone('failover#1', 'heal', 15_500);
  t.deepEqual(stateOf(labInfo({ redis, plannedFaults: [] }), h.ops).snapshot(16_000).redis?.down, []);
});

test('a second whose 401/403 share jumps above the last 10 s is flagged as a spike; a steady share is not', (t) => {
  const h = new HistoryBuilder();
  const vus = logIn(h, 20, 0);
  // 5% of answers refused every second (steady), then one second with 40% refused.
  whoamiEverySecond(h, vus, 1_000, 12_000, (vu, at) => {
    const refused = at === 11_000 ? vu <= 8 : vu === 1;
    return refused
      ? { status: 401, node: stickyNode(vu), identity: null }
      : { status: 200, node: stickyNode(vu), identity: `user-${vu}` };
  });
  const s = stateOf(labInfo(), h.ops).snapshot(12_500);
  t.is(s.auth.spikes, 1);
  t.is(s.auth.recentSpikes[0]?.second, 11);
  t.is(s.auth.recentSpikes[0]?.unauthorized, 8);
  t.true(s.seconds.find((x) => x.second === 11)?.authSpike);
  t.false(s.seconds.find((x) => x.second === 10)?.authSpike);
});

test('throughput, latency percentiles and the status mix are counted per second', (t) => {
  const h = new HistoryBuilder();
  const vus = logIn(h, 10, 0);
  whoamiEverySecond(h, vus, 1_000, 4_000, (vu) => ({
    status: vu === 10 ? 503 : 200,
    node: stickyNode(vu),
    identity: `user-${vu}`,
    latency: vu * 10,
  }));
  const s = stateOf(labInfo(), h.ops).snapshot(4_200);
  t.is(s.rps, 10);
  t.is(s.totalRequests, 40);
  // The live view's buckets are 1% wide.
  t.true(Math.abs(s.latency.p50 - 50) <= 0.5, `p50 ${s.latency.p50}`);
  t.true(Math.abs(s.latency.p99 - 100) <= 1, `p99 ${s.latency.p99}`);
  t.deepEqual(s.totalMix, { '2xx': 37, '3xx': 0, '4xx': 0, '5xx': 3, error: 0 });
  t.deepEqual(
    s.seconds.map((x) => x.requests),
    [10, 10, 10, 10],
  );
});

test('findings are attributed to the fault active at their time, or just healed, else steady state', (t) => {
  const h = new HistoryBuilder();
  h.fault('kill-busiest#1', 'kill', 10_000, 18_000, { target: 'app', victims: ['app-1'] });
  const state = stateOf(labInfo(), h.ops);
  state.finding('lost-session', 12_000, 3);
  state.finding('lost-session', 20_000, 1); // 2 s after the heal: still the kill's
  state.finding('error-spike', 5_000, 1); // before any fault
  const s = state.snapshot(21_000);
  const kill = s.faults.find((f) => f.key === 'kill-busiest#1');
  t.deepEqual(kill?.findings, [{ kind: 'lost-session', count: 4 }]);
  t.deepEqual(kill?.findingTimes, [12_000, 20_000]);
  t.deepEqual(
    s.findings.map((f) => [f.kind, f.count, f.lastFault]),
    [
      ['lost-session', 4, 'kill-busiest#1'],
      ['error-spike', 1, null],
    ],
  );
});

test('VUs count as active for a few seconds after their last op', (t) => {
  const h = new HistoryBuilder();
  logIn(h, 4, 0);
  h.step(1, 'whoami', 9_000, 9_010, {}, { status: 200, node: 'app-1', identity: 'user-1' });
  const state = stateOf(labInfo(), h.ops);
  t.is(state.snapshot(1_000).vusActive, 4);
  t.is(state.snapshot(10_000).vusActive, 1);
});

test("lost sessions are core's lost-session occurrences; a probe's own are counted, not as a user", (t) => {
  const h = new HistoryBuilder();
  logIn(h, 3, 100);
  const probe = { probe: 'concurrent-write' };
  const s9 = { ...probe, session: 's9' };
  h.step(9, 'login', 100, 105, { ...probe }, { ...s9, status: 200, node: 'app-1', identity: 'user-9' });
  h.step(1, 'whoami', 600, 610, { session: 's1' }, { status: 401, node: 'app-2', identity: null });
  h.step(1, 'whoami', 700, 710, { session: 's1' }, { status: 401, node: 'app-2', identity: null }); // confirmed
  h.step(1, 'whoami', 720, 730, { session: 's1' }, { status: 401, node: 'app-2', identity: null }); // same incident
  h.step(9, 'write', 600, 610, { ...s9, value: 1 }, { ...s9, status: 401, node: 'app-2' });
  h.step(9, 'write', 620, 630, { ...s9, value: 2 }, { ...s9, status: 401, node: 'app-2' });
  // Both leave their sessions (a new login, a logout): core judges the confirmed refusals as losses.
  h.step(
    1,
    'login',
    800,
    805,
    { user: 'user-1' },
    { status: 200, node: 'app-1', identity: 'user-1', session: 's1b' },
  );
  h.step(9, 'logout', 800, 805, { ...s9 }, { ...probe, status: 200, node: 'app-1' });
  const s = stateOf(labInfo(), h.ops).snapshot(2_000);
  t.is(s.auth.lostSessions, 2);
  t.is(s.auth.lostSessionUsers, 1);
});

test("a fault on a user's container holds the node it serves as", (t) => {
  const h = new HistoryBuilder();
  h.step(1, 'login', 0, 5, {}, { status: 200, node: 'web-1', identity: 'user-1', session: 's1' });
  h.step(2, 'login', 0, 5, {}, { status: 200, node: 'web-2', identity: 'user-2', session: 's2' });
  h.faultInvoke('key-kill-busiest-1#1', 'kill', 1_000, { target: 'label:app=web' });
  h.faultDone('key-kill-busiest-1#1', 'kill', 1_020, { victims: ['shop-web-2'] });
  const s = stateOf(labInfo({ nodes: [], strategy: null, plannedFaults: [] }), h.ops).snapshot(2_000);
  t.deepEqual(
    s.nodes.map((n) => [n.name, n.state, n.fault]),
    [
      ['web-1', 'up', null],
      ['web-2', 'down', 'key-kill-busiest-1#1'],
    ],
  );
});
