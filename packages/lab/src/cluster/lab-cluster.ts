import { randomBytes } from 'node:crypto';
import { Wait } from 'testcontainers';
import { appBundle, APP_BUNDLE_PATH } from '../images/app-bundle.ts';
import { imageModeFromEnv, resolveLabImages } from '../images/lab-images.ts';
import { HAPROXY_MONITOR_URI, haproxyConfig } from './haproxy-config.ts';
import { LabContainer } from './lab-container.ts';
import { labLabels, labRuntime, removeLab } from './lab-docker.ts';
import { validateLabSpec, type LabSpec, type ResolvedLabSpec } from './lab-spec.ts';
import { startRedisTopology, type RedisTopology } from './redis-topology.ts';
import { StartedLabCluster, type LabNodeHandle } from './started-lab-cluster.ts';

/** Port the app nodes listen on inside their containers. */
export const APP_PORT = 3000;
/** Port the balancer listens on inside its container. */
export const BALANCER_PORT = 8080;
const HAPROXY_CONF_PATH = '/tmp/haproxy.cfg';

/** Options of a lab start. */
export interface LabClusterOptions {
  /** Progress lines (which images, which container is up). */
  logger?: (line: string) => void;
  /** Run id for the labels; a fresh `lab-xxxxxxxx` by default. */
  runId?: string;
}

/** A lab cluster, not yet started: `await new LabCluster(spec).start()`. The spec is checked here. */
export class LabCluster {
  readonly spec: ResolvedLabSpec;
  readonly runId: string;
  readonly #log: (line: string) => void;

  constructor(spec: LabSpec, options: LabClusterOptions = {}) {
    const result = validateLabSpec(spec);
    if (!result.ok) throw new Error(`invalid lab spec:\n  - ${result.errors.join('\n  - ')}`);
    this.spec = result.spec;
    this.runId = options.runId ?? `lab-${randomBytes(4).toString('hex')}`;
    this.#log = options.logger ?? (() => {});
  }

  /** Starts Redis (if any), the app nodes and the balancer on a new private network. Cleans up if a step fails. */
  async start(): Promise<StartedLabCluster> {
    const { spec, runId } = this;
    const log = this.#log;
    const docker = (await labRuntime()).container.dockerode;
    const [images, bundle] = await Promise.all([
      resolveLabImages(spec.images ?? imageModeFromEnv()),
      appBundle(),
    ]);
    log(`images: ${images.source} (${images.reason}): ${images.node}, ${images.redis}, ${images.haproxy}`);
    const networkName = `sc-${runId}`;
    try {
      const network = await docker.createNetwork({
        Name: networkName,
        Driver: 'bridge',
        Labels: labLabels(runId),
      });
      log(`network ${networkName} created`);
      const ctx = { image: images.redis, network: networkName, runId, log };
      const redis: RedisTopology | null = spec.redis ? await startRedisTopology(ctx, spec.redis) : null;
      const names = Array.from({ length: spec.nodes }, (_, i) => `app-${i + 1}`);
      const nodes = await Promise.all(
        names.map(async (name, i): Promise<LabNodeHandle> => {
          // Peers in ring order from the next node: primary-backup copies to the first.
          const peers = [...names.slice(i + 1), ...names.slice(0, i)].map((n) => `${n}:${APP_PORT}`);
          const container = await new LabContainer(images.node)
            .withName(`sc-${runId}-${name}`)
            .withCopyContentToContainer([{ content: bundle, target: APP_BUNDLE_PATH }])
            .withCommand(['node', '--expose-gc', APP_BUNDLE_PATH])
            .withEnvironment({ ...appEnv(spec, runId, name, peers), ...redis?.appEnv })
            .withLoopbackPorts(APP_PORT)
            .withNetworkMode(networkName)
            .withNetworkAliases(name)
            .withLabels(labLabels(runId, 'app'))
            .withWaitStrategy(Wait.forLogMessage(/listening/))
            .start();
          const url = `http://127.0.0.1:${container.getMappedPort(APP_PORT)}`;
          log(`${name} up: ${url}`);
          return { name, containerId: container.getId(), url, container };
        }),
      );
      const config = haproxyConfig({
        nodes: names,
        appPort: APP_PORT,
        listenPort: BALANCER_PORT,
        sticky: spec.sticky,
        health: spec.health,
      });
      const balancer = await new LabContainer(images.haproxy)
        .withName(`sc-${runId}-balancer`)
        .withCopyContentToContainer([{ content: config, target: HAPROXY_CONF_PATH, mode: 0o644 }])
        .withCommand(['haproxy', '-W', '-db', '-f', HAPROXY_CONF_PATH])
        .withLoopbackPorts(BALANCER_PORT)
        .withNetworkMode(networkName)
        .withNetworkAliases('balancer')
        .withLabels(labLabels(runId, 'balancer'))
        .withWaitStrategy(Wait.forHttp(HAPROXY_MONITOR_URI, BALANCER_PORT).forStatusCode(200))
        .start();
      const url = `http://127.0.0.1:${balancer.getMappedPort(BALANCER_PORT)}`;
      log(`balancer up: ${url} (${spec.sticky === 'none' ? 'round-robin' : `sticky by ${spec.sticky}`})`);
      return new StartedLabCluster({
        runId,
        spec,
        url,
        balancer: { containerId: balancer.getId(), container: balancer },
        nodes,
        redis,
        network: { id: network.id, name: networkName },
        images,
      });
    } catch (error) {
      await removeLab(runId).catch(() => undefined);
      throw error;
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
