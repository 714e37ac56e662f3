import type { StartedTestContainer } from 'testcontainers';
import type { LabImages } from '../images/lab-images.ts';
import { removeLab } from './lab-docker.ts';
import type { ResolvedLabSpec } from './lab-spec.ts';
import type { StoreHandle } from './lab-store.ts';
import type { RedisTopology } from './redis-topology.ts';

/** One app node of a running lab. */
export interface LabNodeHandle {
  /** Node name (`app-1`): its host name on the lab network and its `X-Served-By` value. */
  name: string;
  containerId: string;
  /** The node itself, published on 127.0.0.1 (for probes and faults; users go through `url`). */
  url: string;
  container: StartedTestContainer;
}

/** A running lab: use with `await using`, or call `stop()`. */
export class StartedLabCluster implements AsyncDisposable {
  /** The run id in every container's labels. */
  readonly runId: string;
  readonly spec: ResolvedLabSpec;
  /** The balancer, published on 127.0.0.1: where the traffic goes. */
  readonly url: string;
  readonly balancer: { containerId: string; container: StartedTestContainer };
  readonly nodes: LabNodeHandle[];
  /** Null when the strategy uses no Redis. */
  readonly redis: RedisTopology | null;
  /** The store containers of its strategy (`LAB_STORES`); empty for strategies without one, and for Redis. */
  readonly stores: readonly StoreHandle[];
  /** The Docker network made for this run. */
  readonly network: { id: string; name: string };
  readonly images: LabImages;
  #stopped: Promise<void> | undefined;

  constructor(init: {
    runId: string;
    spec: ResolvedLabSpec;
    url: string;
    balancer: { containerId: string; container: StartedTestContainer };
    nodes: LabNodeHandle[];
    redis: RedisTopology | null;
    stores?: readonly StoreHandle[];
    network: { id: string; name: string };
    images: LabImages;
  }) {
    this.runId = init.runId;
    this.spec = init.spec;
    this.url = init.url;
    this.balancer = init.balancer;
    this.nodes = init.nodes;
    this.redis = init.redis;
    this.stores = init.stores ?? [];
    this.network = init.network;
    this.images = init.images;
  }

  /** The store container of a role (`memcached`), if this lab runs one. */
  store(role: string): StoreHandle | undefined {
    return this.stores.find((s) => s.role === role);
  }

  /** Every container of the lab, by role. */
  containers(): { role: string; name: string; id: string }[] {
    const r = this.redis;
    return [
      { role: 'balancer', name: 'balancer', id: this.balancer.containerId },
      ...this.nodes.map((n) => ({ role: 'app', name: n.name, id: n.containerId })),
      ...(r
        ? [r.primary, ...r.replicas].map((n) => ({ role: 'redis', name: n.name, id: n.containerId }))
        : []),
      ...(r ? r.sentinels.map((n) => ({ role: 'sentinel', name: n.name, id: n.containerId })) : []),
      ...this.stores.map((s) => ({ role: s.role, name: s.name, id: s.containerId })),
    ];
  }

  /** Removes every container and the network of this run (by label, so killed ones go too). Idempotent. */
  stop(): Promise<void> {
    this.#stopped ??= removeLab(this.runId).then(() => undefined);
    return this.#stopped;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
