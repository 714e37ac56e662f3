import { Wait } from 'testcontainers';
import { APP_BUNDLE_PATH } from '../images/app-bundle.ts';
import { LabContainer } from './lab-container.ts';
import { labLabels } from './lab-docker.ts';
import type { ResolvedLabSpec } from './lab-spec.ts';
import type { LabNodeHandle } from './started-lab-cluster.ts';

/** Port the app nodes listen on inside their containers. */
export const APP_PORT = 3000;

/** What starting the app nodes needs. */
export interface AppNodesContext {
  spec: ResolvedLabSpec;
  runId: string;
  image: string;
  network: string;
  bundle: string;
  /** Where Redis or Memcached is (empty when the strategy uses no store). */
  redisEnv: Record<string, string>;
  log: (line: string) => void;
}

/** Node names of a lab: `app-1` … `app-N`. */
export const appNodeNames = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `app-${i + 1}`);

/** Awaits every promise; throws the first failure only once all have settled (nothing left half-started). */
export async function allSettledOrThrow<T>(promises: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** Starts the app nodes in parallel. */
export function startAppNodes(ctx: AppNodesContext): Promise<LabNodeHandle[]> {
  const names = appNodeNames(ctx.spec.nodes);
  return allSettledOrThrow(
    names.map(async (name, i): Promise<LabNodeHandle> => {
      // Peers in ring order from the next node: primary-backup copies to the first.
      const peers = [...names.slice(i + 1), ...names.slice(0, i)].map((n) => `${n}:${APP_PORT}`);
      const container = await new LabContainer(ctx.image)
        .withName(`sc-${ctx.runId}-${name}`)
        .withCopyContentToContainer([{ content: ctx.bundle, target: APP_BUNDLE_PATH }])
        .withCommand(['node', '--expose-gc', APP_BUNDLE_PATH])
        .withEnvironment({ ...appEnv(ctx.spec, ctx.runId, name, peers), ...ctx.redisEnv })
        .withLoopbackPorts(APP_PORT)
        .withNetworkMode(ctx.network)
        .withNetworkAliases(name)
        .withLabels(labLabels(ctx.runId, 'app'))
        .withWaitStrategy(Wait.forLogMessage(/listening/))
        .start();
      const url = `http://127.0.0.1:${container.getMappedPort(APP_PORT)}`;
      ctx.log(`${name} up: ${url}`);
      return { name, containerId: container.getId(), url, container };
    }),
  );
}

/** Waits until every node says its store is connected (`/readyz`), for at most `timeoutMs`. */
export async function waitForStores(nodes: LabNodeHandle[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const node of nodes) {
    for (;;) {
      const status = await fetch(`${node.url}/readyz`, { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) break;
      if (Date.now() > deadline)
        throw new Error(`${node.name} did not connect to its session store in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Environment of one app node. */
function appEnv(spec: ResolvedLabSpec, runId: string, name: string, peers: string[]): Record<string, string> {
  return {
    NODE_NAME: name,
    PORT: String(APP_PORT),
    // `sticky` is the memory app behind a sticky balancer.
    STRATEGY: spec.strategy === 'sticky' ? 'memory' : spec.strategy,
    SESSION_SECRET: `${runId}-secret-shared-by-all-nodes`,
    PEERS: peers.join(','),
    REPLICATION_MODE: spec.replication.mode,
    REPLICATION_SYNC: spec.replication.sync ? '1' : '0',
    REPLICATION_LAG_MS: String(spec.replication.lagMs),
    JWT_REVOCATION: spec.jwt.revocation ? '1' : '0',
  };
}
