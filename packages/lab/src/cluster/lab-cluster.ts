import { randomBytes } from 'node:crypto';
import { appBundle } from '../images/app-bundle.ts';
import { imageModeFromEnv, resolveLabImages } from '../images/lab-images.ts';
import { allSettledOrThrow, startAppNodes, waitForStores } from './app-nodes.ts';
import { BALANCER_PORT, startBalancer } from './balancer.ts';
import { labLabels, labRuntime, removeLab } from './lab-docker.ts';
import { validateLabSpec, type LabSpec, type ResolvedLabSpec } from './lab-spec.ts';
import { redisAppEnv, startRedisTopology, type RedisTopology } from './redis-topology.ts';
import { StartedLabCluster } from './started-lab-cluster.ts';
import { startTomcatNodes, waitForTomcatCluster } from './tomcat-nodes.ts';
import type { StoreHandle } from './lab-store.ts';
import { labStoreFor } from './lab-stores.ts';
import { resolveTomcatImage } from '../images/tomcat-image-source.ts';

export { APP_PORT } from './app-nodes.ts';
export { BALANCER_PORT } from './balancer.ts';

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

  /**
   * Starts Redis (if any) and the app nodes together on a new private network, then the balancer;
   * resolves once the balancer answers and every node's store is connected. Cleans up if a step fails.
   */
  async start(): Promise<StartedLabCluster> {
    const { spec, runId } = this;
    const log = this.#log;
    const docker = (await labRuntime()).container.dockerode;
    const mode = spec.images ?? imageModeFromEnv();
    const [images, bundle, tomcat] = await Promise.all([
      resolveLabImages(mode),
      appBundle(),
      spec.tomcat ? resolveTomcatImage(mode) : undefined,
    ]);
    log(`images: ${images.source} (${images.reason}): ${images.node}, ${images.redis}, ${images.haproxy}`);
    if (tomcat) log(`tomcat image: ${tomcat.source} (${tomcat.reason}): ${tomcat.image}`);
    const networkName = `sc-${runId}`;
    try {
      const network = await docker.createNetwork({
        Name: networkName,
        Driver: 'bridge',
        Labels: labLabels(runId),
      });
      log(`network ${networkName} created`);
      // The nodes know Redis by name, so they need not wait for it: their clients connect when it is up.
      const store = labStoreFor(spec.strategy);
      const storeImage = store ? await store.resolveImage(mode) : null;
      const [redis, nodes, storeHandle] = (await allSettledOrThrow<unknown>([
        spec.redis
          ? startRedisTopology({ image: images.redis, network: networkName, runId, log }, spec.redis)
          : null,
        tomcat
          ? startTomcatNodes({ spec, runId, network: networkName, log }, tomcat)
          : startAppNodes({
              spec,
              runId,
              image: images.node,
              network: networkName,
              bundle,
              redisEnv: spec.redis ? redisAppEnv(spec.redis) : (store?.appEnv ?? {}),
              log,
            }),
        store && storeImage ? store.start({ image: storeImage, network: networkName, runId, log }) : null,
      ] as Promise<unknown>[])) as [RedisTopology | null, StartedLabCluster['nodes'], StoreHandle | null];
      const [balancer] = await allSettledOrThrow<unknown>([
        startBalancer({ spec, runId, network: networkName, haproxyImage: images.haproxy }),
        tomcat ? waitForTomcatCluster(nodes) : waitForStores(nodes),
      ] as Promise<unknown>[]);
      const started = balancer as StartedLabCluster['balancer']['container'];
      const url = `http://127.0.0.1:${started.getMappedPort(BALANCER_PORT)}`;
      log(
        `balancer up: ${url} (${spec.balancer}, ${spec.sticky === 'none' ? 'round-robin' : `sticky by ${spec.sticky}`})`,
      );
      return new StartedLabCluster({
        runId,
        spec,
        url,
        balancer: { containerId: started.getId(), container: started },
        nodes,
        redis,
        stores: storeHandle ? [storeHandle] : [],
        network: { id: network.id, name: networkName },
        images,
      });
    } catch (error) {
      await removeLab(runId).catch(() => undefined);
      throw error;
    }
  }
}
