// Bench: how long each lab strategy takes to be ready (a Tomcat cluster of 3 included), and what 1,000
// sessions (created across the cluster) cost in memory on each node and in the session store.
// Run: pnpm --filter @sessionchaos/lab bench (root: pnpm bench:lab). BENCH_STRATEGIES=a,b picks some,
// BENCH_SESSIONS=N sets the logins (default 3000). Prints figures; asserts nothing.
import {
  LabCluster,
  removeLab,
  tomcatFormLogin,
  type LabSpec,
  type StartedLabCluster,
} from '../src/index.ts';
import { labRuntime } from '../src/cluster/lab-docker.ts';

const SESSIONS = Number(process.env['BENCH_SESSIONS'] ?? 3000);
const CONCURRENCY = 16;
const MiB = 1024 * 1024;

const STRATEGIES: Record<string, LabSpec> = {
  memory: { strategy: 'memory' },
  sticky: { strategy: 'sticky' },
  replicated: { strategy: 'replicated', health: { interMs: 3000 } },
  'redis-single': { strategy: 'redis' },
  'redis-sentinel': { strategy: 'redis', redis: { topology: 'sentinel', replicas: 1 } },
  memcached: { strategy: 'memcached' },
  jwt: { strategy: 'jwt', jwt: { revocation: true } },
  'tomcat-delta-sync': { strategy: 'tomcat', tomcat: { replication: 'delta', sync: true } },
  'tomcat-backup': { strategy: 'tomcat', tomcat: { replication: 'backup', sync: true } },
};

/** Memory in use by a container, page cache left out (cgroup v2 `anon`, else usage minus inactive files). */
async function containerMemory(id: string): Promise<number> {
  const docker = (await labRuntime()).container.dockerode;
  const s = (await docker.getContainer(id).stats({ stream: false })) as {
    memory_stats: { usage?: number; stats?: Record<string, number> };
  };
  const stats = s.memory_stats.stats ?? {};
  return stats['anon'] ?? (s.memory_stats.usage ?? 0) - (stats['inactive_file'] ?? 0);
}

/**
 * Memory of each container but the balancer: for the lab app's nodes, the V8 heap after a forced GC
 * (`/stats?gc=1`; their container memory mostly tracks garbage); for Tomcat nodes and the stores, what the
 * engine reports for the container.
 */
const memoryByContainer = async (lab: StartedLabCluster): Promise<Map<string, number>> => {
  const appHeap = lab.spec.strategy !== 'tomcat';
  return new Map(
    await Promise.all(
      lab
        .containers()
        .filter((c) => c.role !== 'balancer')
        .map(async (c): Promise<[string, number]> => {
          const node = lab.nodes.find((n) => n.name === c.name);
          if (appHeap && node) {
            const stats = (await (await fetch(`${node.url}/stats?gc=1`)).json()) as { heapUsedBytes: number };
            return [`${c.name} (heap)`, stats.heapUsedBytes];
          }
          return [c.name, await containerMemory(c.id)];
        }),
    ),
  );
};

/** Logs in `count` users, `CONCURRENCY` at a time: through the balancer, or (Tomcat) on the nodes in turn. */
async function createSessions(lab: StartedLabCluster, count: number): Promise<number> {
  let next = 0;
  let failed = 0;
  const tomcat = lab.spec.strategy === 'tomcat';
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      try {
        if (tomcat) {
          // Tomcat's realm knows user-1 ... user-2000; a user may hold many sessions.
          const node = lab.nodes[i % lab.nodes.length];
          if (node) await tomcatFormLogin(node.url, `user-${(i % 2000) + 1}`, 'secret');
          continue;
        }
        const response = await fetch(`${lab.url}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: `user-${i}`, password: 'secret' }),
          redirect: 'manual',
        });
        await response.body?.cancel();
        if (response.status !== 303) failed++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failed;
}

const picked = (process.env['BENCH_STRATEGIES'] ?? Object.keys(STRATEGIES).join(',')).split(',');
const runIds: string[] = [];
const log = (): void => {};
try {
  console.log('warm-up (images assembled or pulled, app bundle):');
  const warm = performance.now();
  const warmUp = new LabCluster({ strategy: 'memory', nodes: 1 }, { logger: log });
  runIds.push(warmUp.runId);
  await (await warmUp.start()).stop();
  console.log(`  ${((performance.now() - warm) / 1000).toFixed(1)} s`);
  for (const name of picked) {
    const spec = STRATEGIES[name];
    if (!spec) throw new Error(`unknown strategy ${name}. Known: ${Object.keys(STRATEGIES).join(', ')}`);
    const cluster = new LabCluster(spec, { logger: log });
    runIds.push(cluster.runId);
    const started = performance.now();
    const lab = await cluster.start();
    const readyMs = performance.now() - started;
    const parts = lab.containers().length;
    try {
      await new Promise((r) => setTimeout(r, 2000)); // let start-up garbage settle before the baseline
      const before = await memoryByContainer(lab);
      const t0 = performance.now();
      const failed = await createSessions(lab, SESSIONS);
      const seconds = (performance.now() - t0) / 1000;
      await new Promise((r) => setTimeout(r, 1000)); // asynchronous copies land
      const after = await memoryByContainer(lab);
      const per1000 = [...after].map(([container, bytes]) => {
        const delta = (bytes - (before.get(container) ?? bytes)) / (SESSIONS / 1000);
        return `${container} ${(delta / MiB).toFixed(2)} MiB`;
      });
      console.log(
        `${name}: ready in ${(readyMs / 1000).toFixed(1)} s (${parts} containers); ${SESSIONS} logins in ` +
          `${seconds.toFixed(1)} s (${(SESSIONS / seconds).toFixed(0)}/s, ${failed} failed); ` +
          `memory per 1,000 sessions: ${per1000.join(', ')}`,
      );
    } finally {
      await lab.stop();
    }
  }
} finally {
  await Promise.all(runIds.map((id) => removeLab(id)));
}
