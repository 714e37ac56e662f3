import { Redis } from 'ioredis';
import type { AppConfig } from './app-config.ts';

/**
 * An ioredis client for the configured Redis: through Sentinel when sentinels are given, so the
 * client reconnects to whichever node Sentinel names primary after a failover.
 */
export function redisClient(config: AppConfig): Redis {
  // Few retries: a request should fail fast (and be recorded) rather than hang during a failover.
  const common = { maxRetriesPerRequest: 2, connectTimeout: 2000, enableAutoPipelining: false };
  if (config.redisSentinels.length > 0) {
    return new Redis({
      ...common,
      name: config.redisMasterName,
      sentinels: config.redisSentinels.map((hp) => {
        const [host = 'localhost', port = '26379'] = hp.split(':');
        return { host, port: Number(port) };
      }),
      // After a failover the old primary may come back as a replica: reconnect on READONLY.
      reconnectOnError: (error) => error.message.startsWith('READONLY'),
    });
  }
  if (!config.redisUrl) throw new Error('the redis strategy needs REDIS_URL or REDIS_SENTINELS');
  return new Redis(config.redisUrl, common);
}
