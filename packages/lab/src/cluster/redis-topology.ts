import { Wait, type StartedTestContainer } from 'testcontainers';
import { LabContainer } from './lab-container.ts';
import { labLabels } from './lab-docker.ts';
import type { ResolvedLabSpec } from './lab-spec.ts';
import {
  REDIS_PORT,
  SENTINEL_CONF_PATH,
  SENTINEL_PORT,
  redisCommand,
  sentinelConfig,
} from './redis-config.ts';

/** One Redis server or Sentinel of a lab. */
export interface RedisNodeHandle {
  /** Host name on the lab network (`redis-1`, `sentinel-1`). */
  name: string;
  containerId: string;
  /** Published on 127.0.0.1 (re-read it from Docker after a restart or a network fault). */
  host: '127.0.0.1';
  port: number;
  container: StartedTestContainer;
}

/** The Redis side of a lab. `primary` is the primary at start; after a failover ask the Sentinels. */
export interface RedisTopology {
  kind: 'single' | 'sentinel';
  primary: RedisNodeHandle;
  replicas: RedisNodeHandle[];
  sentinels: RedisNodeHandle[];
  /** Sentinel's name of the primary. */
  masterName: string;
  /**
   * ioredis `natMap` for a client on the host: maps the lab-network addresses that Sentinel hands
   * out (host names and container IPs) to the published 127.0.0.1 ports.
   */
  natMap: Record<string, { host: string; port: number }>;
  /** Environment for the app nodes (REDIS_URL or REDIS_SENTINELS). */
  appEnv: Record<string, string>;
}

/** Sentinel's name for the lab primary. */
export const MASTER_NAME = 'mymaster';

interface StartContext {
  image: string;
  network: string;
  runId: string;
  log: (line: string) => void;
}

async function startRedisNode(
  ctx: StartContext,
  name: string,
  role: string,
  primary?: string,
): Promise<RedisNodeHandle> {
  const container = await new LabContainer(ctx.image)
    .withName(`sc-${ctx.runId}-${name}`)
    .withCommand(redisCommand(name, primary))
    .withLoopbackPorts(REDIS_PORT)
    .withNetworkMode(ctx.network)
    .withNetworkAliases(name)
    .withLabels(labLabels(ctx.runId, role))
    .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
    .start();
  ctx.log(`${name} (${role}) up: 127.0.0.1:${container.getMappedPort(REDIS_PORT)}`);
  return handle(name, container, REDIS_PORT);
}

function handle(name: string, container: StartedTestContainer, port: number): RedisNodeHandle {
  return {
    name,
    containerId: container.getId(),
    host: '127.0.0.1',
    port: container.getMappedPort(port),
    container,
  };
}

/** Starts the Redis topology the spec asks for: one server, or primary + replicas + three Sentinels. */
export async function startRedisTopology(
  ctx: StartContext,
  redis: NonNullable<ResolvedLabSpec['redis']>,
): Promise<RedisTopology> {
  const primary = await startRedisNode(ctx, 'redis-1', 'redis');
  const replicaNames = Array.from(
    { length: redis.topology === 'sentinel' ? redis.replicas : 0 },
    (_, i) => `redis-${i + 2}`,
  );
  const replicas = await Promise.all(
    replicaNames.map((name) => startRedisNode(ctx, name, 'redis', 'redis-1')),
  );
  const sentinels =
    redis.topology === 'sentinel'
      ? await Promise.all(
          [1, 2, 3].map(async (i) => {
            const name = `sentinel-${i}`;
            const conf = sentinelConfig({
              masterName: MASTER_NAME,
              primary: 'redis-1',
              announce: name,
              ...redis,
            });
            const container = await new LabContainer(ctx.image)
              .withName(`sc-${ctx.runId}-${name}`)
              .withCopyContentToContainer([{ content: conf, target: SENTINEL_CONF_PATH, mode: 0o666 }])
              .withCommand(['redis-server', SENTINEL_CONF_PATH, '--sentinel'])
              .withLoopbackPorts(SENTINEL_PORT)
              .withNetworkMode(ctx.network)
              .withNetworkAliases(name)
              .withLabels(labLabels(ctx.runId, 'sentinel'))
              .withWaitStrategy(Wait.forLogMessage(/\+monitor master/))
              .start();
            ctx.log(`${name} up: 127.0.0.1:${container.getMappedPort(SENTINEL_PORT)}`);
            return handle(name, container, SENTINEL_PORT);
          }),
        )
      : [];
  const natMap: RedisTopology['natMap'] = {};
  for (const node of [primary, ...replicas]) {
    const target = { host: '127.0.0.1', port: node.port };
    natMap[`${node.name}:${REDIS_PORT}`] = target;
    let ip = '';
    try {
      ip = node.container.getIpAddress(ctx.network);
    } catch {
      // Not attached under that name: host names alone still map.
    }
    if (ip) natMap[`${ip}:${REDIS_PORT}`] = target;
  }
  return {
    kind: redis.topology,
    primary,
    replicas,
    sentinels,
    masterName: MASTER_NAME,
    natMap,
    appEnv: redisAppEnv(redis),
  };
}

/** Environment telling the app nodes where Redis is: known before Redis starts, so both start together. */
export function redisAppEnv(redis: NonNullable<ResolvedLabSpec['redis']>): Record<string, string> {
  return redis.topology === 'sentinel'
    ? {
        REDIS_SENTINELS: [1, 2, 3].map((i) => `sentinel-${i}:${SENTINEL_PORT}`).join(','),
        REDIS_MASTER_NAME: MASTER_NAME,
      }
    : { REDIS_URL: `redis://redis-1:${REDIS_PORT}` };
}
