// Bench: how long each lab strategy takes to be ready (a Tomcat cluster of 3 included), and what 1,000
// sessions (created across the cluster) cost in memory on each node and in the session store.
// Run: pnpm --filter @sessionchaos/lab bench (root: pnpm bench:lab). BENCH_STRATEGIES=a,b picks some,
// BENCH_SESSIONS=N sets the logins (default 3000). Prints figures; asserts nothing.
import {
  fillSessions,
  LabCluster,
  labMemory,
  removeLab,
  type LabSpec,
  type StartedLabCluster,
} from '../src/index.ts';

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

/** Memory of each container but the balancer, by name (with its source: an app node's heap, or the engine's figure). */
const memoryByContainer = async (lab: StartedLabCluster): Promise<Map<string, number>> =>
  new Map(
    (await labMemory(lab)).map((m): [string, number] => [
      m.source === 'heap' ? `${m.name} (heap)` : m.name,
      m.bytes,
    ]),
  );

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
      const failed = await fillSessions(lab, SESSIONS, { concurrency: CONCURRENCY });
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
