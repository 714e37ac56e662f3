// Bench: how long a 3-node + balancer + Sentinel lab takes to be ready, and what 10,000 sessions
// cost each node in memory with replicated sessions (N copies) versus Redis (none on the node).
// Run: pnpm --filter @sessionchaos/lab bench (root: pnpm bench:lab). Prints figures; asserts nothing.
import { LabCluster, removeLab, type StartedLabCluster } from '../src/index.ts';

const SESSIONS = Number(process.env['BENCH_SESSIONS'] ?? 10_000);
const CONCURRENCY = 16;
const MiB = 1024 * 1024;

interface Stats {
  node: string;
  sessions: number;
  rssBytes: number;
  heapUsedBytes: number;
}

const stats = (lab: StartedLabCluster): Promise<Stats[]> =>
  Promise.all(lab.nodes.map(async (n) => (await (await fetch(`${n.url}/stats?gc=1`)).json()) as Stats));

/** Logs in `count` users through the balancer, `CONCURRENCY` at a time. */
async function createSessions(url: string, count: number): Promise<Map<string, number>> {
  let next = 0;
  const failed = new Map<string, number>();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const response = await fetch(`${url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `user-${i}`, password: 'secret' }),
        redirect: 'manual',
      });
      await response.body?.cancel();
      if (response.status !== 303)
        failed.set(String(response.status), (failed.get(String(response.status)) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failed;
}

async function memoryFigures(label: string, lab: StartedLabCluster): Promise<void> {
  const before = await stats(lab);
  const started = performance.now();
  const failed = await createSessions(lab.url, SESSIONS);
  const seconds = (performance.now() - started) / 1000;
  // Let asynchronous copies land before measuring.
  await new Promise((r) => setTimeout(r, 500));
  const after = await stats(lab);
  console.log(
    `${label}: ${SESSIONS} logins in ${seconds.toFixed(1)} s (${(SESSIONS / seconds).toFixed(0)}/s), ` +
      `failed: ${[...failed].map(([status, n]) => `${n}× HTTP ${status}`).join(', ') || 'none'}`,
  );
  after.forEach((a, i) => {
    const b = before[i] ?? a;
    console.log(
      `  ${a.node}: sessions ${a.sessions}, RSS +${((a.rssBytes - b.rssBytes) / MiB).toFixed(1)} MiB, ` +
        `heap +${((a.heapUsedBytes - b.heapUsedBytes) / MiB).toFixed(1)} MiB ` +
        `(${((a.heapUsedBytes - b.heapUsedBytes) / SESSIONS).toFixed(0)} B/session)`,
    );
  });
}

const log = (line: string): void => console.log(`  ${line}`);
const runIds: string[] = [];
try {
  // 1. Readiness of the full Sentinel lab (images already built count as warm; the first run assembles them).
  const sentinelSpec = { strategy: 'redis', nodes: 3, redis: { topology: 'sentinel', replicas: 1 } } as const;
  const warmUp = new LabCluster({ ...sentinelSpec, nodes: 1 }, { logger: log });
  runIds.push(warmUp.runId);
  console.log('warm-up (images, app bundle):');
  await (await warmUp.start()).stop();
  const cluster = new LabCluster(sentinelSpec, { logger: log });
  runIds.push(cluster.runId);
  console.log('3 nodes + balancer + Redis primary, 1 replica, 3 Sentinels:');
  const started = performance.now();
  const redisLab = await cluster.start();
  const readyMs = performance.now() - started;
  console.log(
    `ready in ${(readyMs / 1000).toFixed(1)} s (goal < 15 s): ${readyMs < 15_000 ? 'met' : 'MISSED'}`,
  );

  // 2. Session memory per node.
  await memoryFigures('redis (sentinel), 3 nodes', redisLab);
  await redisLab.stop();
  // Slower health checks here: on a busy 2-core machine, nodes replicating every login can answer
  // /healthz after the 500 ms lab default, and HAProxy would take them out (503s) mid-measurement.
  const replicated = new LabCluster(
    { strategy: 'replicated', nodes: 3, health: { interMs: 3000 } },
    { logger: () => {} },
  );
  runIds.push(replicated.runId);
  const replicatedLab = await replicated.start();
  await memoryFigures('replicated (all-to-all, sync), 3 nodes', replicatedLab);
  await replicatedLab.stop();
} finally {
  await Promise.all(runIds.map((id) => removeLab(id)));
}
