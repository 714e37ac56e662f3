import { labRuntime } from './lab-docker.ts';
import type { StartedLabCluster } from './started-lab-cluster.ts';

/** The memory one container of a lab holds at one instant. */
export interface ContainerMemory {
  /** `app`, `redis`, `sentinel`, `memcached` (the balancer is left out). */
  role: string;
  name: string;
  bytes: number;
  /**
   * `heap`: an app node's heap after a forced collection (its `/stats?gc=1`: the lab app's V8 heap, Tomcat's JVM
   * heap); `container`: what the engine reports for the container, page cache left out.
   */
  source: 'heap' | 'container';
}

/** Memory in use by a container, page cache left out (cgroup v2 `anon`, else usage minus inactive files). */
export async function containerMemory(id: string): Promise<number> {
  const docker = (await labRuntime()).container.dockerode;
  // one-shot: the engine answers at once instead of waiting a second for a second CPU sample.
  const s = (await docker
    .getContainer(id)
    .stats({ stream: false, 'one-shot': true } as { stream: false })) as {
    memory_stats: { usage?: number; stats?: Record<string, number> };
  };
  const stats = s.memory_stats.stats ?? {};
  return stats['anon'] ?? (s.memory_stats.usage ?? 0) - (stats['inactive_file'] ?? 0);
}

async function heapAfterGc(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(`${url}/stats?gc=1`, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json()) as { heapUsedBytes?: unknown };
    return response.ok && typeof body.heapUsedBytes === 'number' ? body.heapUsedBytes : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The memory of each container of a lab but the balancer. App nodes answer with their heap after a forced
 * collection: their container memory mostly follows garbage and the heap the runtime keeps committed, which
 * hides what a few hundred sessions cost. The stores (Redis, Sentinel, Memcached) are read from the engine.
 * A node that does not answer `/stats` is read from the engine too.
 */
export async function labMemory(lab: StartedLabCluster): Promise<ContainerMemory[]> {
  return Promise.all(
    lab
      .containers()
      .filter((c) => c.role !== 'balancer')
      .map(async (c): Promise<ContainerMemory> => {
        const node = lab.nodes.find((n) => n.name === c.name);
        const heap = node ? await heapAfterGc(node.url) : undefined;
        if (heap !== undefined) return { role: c.role, name: c.name, bytes: heap, source: 'heap' };
        return { role: c.role, name: c.name, bytes: await containerMemory(c.id), source: 'container' };
      }),
  );
}
