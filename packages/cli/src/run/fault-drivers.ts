import { DockerDriver, ExecDriver, RedisDriver, type FaultDriver } from '@sessionchaos/faults';
import { labRuntime, type StartedLabCluster } from '@sessionchaos/lab';
import { namesContainers, type Scenario } from '@sessionchaos/core';

/** The fault drivers a run needs, and the Redis one (the lab's victims resolver asks it who is primary). */
export interface FaultDrivers {
  drivers: FaultDriver[];
  redis: RedisDriver | null;
}

/**
 * Sets up the drivers for a run: hooks always; the engine's when the run has a lab or a fault names
 * containers (a missing engine is reported here, with the fix); Redis's when the lab has one.
 */
export async function setupFaultDrivers(s: Scenario, lab: StartedLabCluster | null): Promise<FaultDrivers> {
  const drivers: FaultDriver[] = [new ExecDriver()];
  let redis: RedisDriver | null = null;
  const needsDocker = lab !== null || s.faults.some((f) => namesContainers(f.target));
  if (!needsDocker) return { drivers, redis };
  await labRuntime();
  const docker = new DockerDriver();
  await docker.setup();
  drivers.push(docker);
  if (lab?.redis) {
    const r = lab.redis;
    redis = new RedisDriver({
      masterName: r.masterName,
      servers: [r.primary, ...r.replicas].map((n) => ({ name: n.name, containerId: n.containerId })),
      sentinels: r.sentinels.map((n) => ({ name: n.name, containerId: n.containerId })),
    });
    await redis.setup();
    drivers.push(redis);
  }
  return { drivers, redis };
}
