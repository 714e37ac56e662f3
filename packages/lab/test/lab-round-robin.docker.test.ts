import test from 'ava';
import { newRunId, removeByRunId, requireDocker } from '@sessionchaos/testkit';
import { LABELS } from '@sessionchaos/core';
import { LabCluster, type StartedLabCluster } from '../src/index.ts';
import { assertNoLoss, journeys } from './helpers/lab-assertions.ts';

// One run id for both clusters of this file: the after hook removes everything by label.
const runId = newRunId('lab-rr');
let memory: StartedLabCluster;
let sticky: StartedLabCluster;
let source: StartedLabCluster;

test.before(async () => {
  await requireDocker();
  [memory, sticky, source] = await Promise.all([
    new LabCluster({ strategy: 'memory', nodes: 3 }, { runId: `${runId}-m` }).start(),
    new LabCluster({ strategy: 'sticky', nodes: 2 }, { runId: `${runId}-s` }).start(),
    new LabCluster({ strategy: 'sticky', sticky: 'source', nodes: 2 }, { runId: `${runId}-ip` }).start(),
  ]);
});
test.after.always(async () => {
  await Promise.all(['m', 's', 'ip'].map((suffix) => removeByRunId(`${runId}-${suffix}`)));
});

test.serial(
  'memory without stickiness loses sessions: after login, /api/me through round-robin says 401',
  async (t) => {
    const results = await journeys(memory.url, 3, 'mem');
    const statuses = results.flatMap((r) => r.me.map((m) => m.status));
    t.true(results.every((r) => r.login === 303));
    t.true(statuses.includes(401), `some whoami lost the session: ${statuses.join(',')}`);
    t.true(statuses.includes(200), 'and some landed on the node that has it');
    t.deepEqual([...new Set(results.flatMap((r) => [...r.nodes]))].sort(), ['app-1', 'app-2', 'app-3']);
  },
);

test.serial('sticky by cookie keeps each user on one node: no session lost', async (t) => {
  const results = await journeys(sticky.url, 4, 'sticky');
  assertNoLoss(t, results, 'sticky');
  t.true(results.every((r) => r.nodes.size === 1));
  t.is(new Set(results.map((r) => [...r.nodes][0])).size, 2, 'users are spread over both nodes');
});

test.serial(
  'sticky by source IP: no session lost, and every user from one address lands on one node',
  async (t) => {
    const results = await journeys(source.url, 3, 'ip');
    assertNoLoss(t, results, 'ip');
    // All test users share 127.0.0.1, as users behind one NAT do: the hot spot of IP hashing.
    t.is(new Set(results.flatMap((r) => [...r.nodes])).size, 1);
  },
);

test.serial('the lab is labelled, on its own network, and published on 127.0.0.1 only', async (t) => {
  const docker = (await requireDocker()).container.dockerode;
  const roles: string[] = [];
  for (const { id } of memory.containers()) {
    const info = await docker.getContainer(id).inspect();
    t.is(info.Config.Labels[LABELS.run], `${runId}-m`);
    roles.push(info.Config.Labels[LABELS.role] ?? '');
    t.true(Object.keys(info.NetworkSettings.Networks).includes(memory.network.name));
    for (const bindings of Object.values(info.HostConfig.PortBindings ?? {}) as { HostIp: string }[][]) {
      t.true(bindings.every((b) => b.HostIp === '127.0.0.1'));
    }
  }
  t.deepEqual(roles.sort(), ['app', 'app', 'app', 'balancer']);
  t.is(memory.nodes.length, 3);
  const direct = await fetch(`${memory.nodes[1]?.url}/healthz`);
  t.is(direct.headers.get('x-served-by'), 'app-2');
  t.is(memory.redis, null);
});

test.serial('a killed node goes DOWN at the balancer and comes back UP when restarted', async (t) => {
  const docker = (await requireDocker()).container.dockerode;
  const victim = memory.nodes[2];
  if (!victim) return t.fail();
  const servedBy = async (count: number): Promise<Set<string>> => {
    const nodes = new Set<string>();
    for (let i = 0; i < count; i++) {
      // Until the health checks notice, a request to the dead node times out: that is seen, not thrown.
      const seen = await fetch(`${memory.url}/healthz`, { signal: AbortSignal.timeout(3000) }).then(
        (r) => `${r.status}:${r.headers.get('x-served-by')}`,
        () => 'timeout',
      );
      nodes.add(seen);
    }
    return nodes;
  };
  const until = async (want: (s: Set<string>) => boolean): Promise<Set<string>> => {
    let seen = await servedBy(6);
    for (let i = 0; i < 40 && !want(seen); i++) {
      await new Promise((r) => setTimeout(r, 250));
      seen = await servedBy(6);
    }
    return seen;
  };
  await docker.getContainer(victim.containerId).kill({ signal: 'SIGKILL' });
  const down = await until((s) => [...s].every((v) => v === '200:app-1' || v === '200:app-2'));
  t.deepEqual([...down].sort(), ['200:app-1', '200:app-2'], 'health checks took app-3 out');
  await docker.getContainer(victim.containerId).start();
  const up = await until((s) => s.has('200:app-3'));
  t.true(up.has('200:app-3'), 'Docker’s resolver found app-3 again');
});
