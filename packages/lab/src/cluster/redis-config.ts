/** Port of every Redis server in the lab. */
export const REDIS_PORT = 6379;
/** Port of every Sentinel in the lab. */
export const SENTINEL_PORT = 26379;
/** Where a Sentinel's config is written (Sentinel rewrites it, so it must be writable). */
export const SENTINEL_CONF_PATH = '/tmp/sentinel.conf';

/**
 * Command line of a lab Redis server: no persistence, reachable from the lab network, and
 * announced by host name so that Sentinel hands out names the host can map (natMap).
 */
export function redisCommand(name: string, primary?: string): string[] {
  const command = [
    'redis-server',
    '--port',
    String(REDIS_PORT),
    '--protected-mode',
    'no',
    '--save',
    '',
    '--appendonly',
    'no',
  ];
  command.push('--replica-announce-ip', name);
  if (primary) command.push('--replicaof', primary, String(REDIS_PORT));
  return command;
}

/** Sentinel config with lab-friendly timings (quorum 2 of 3). */
export function sentinelConfig(opts: {
  masterName: string;
  primary: string;
  downAfterMs: number;
  failoverTimeoutMs: number;
  announce: string;
}): string {
  return [
    `port ${SENTINEL_PORT}`,
    'protected-mode no',
    'sentinel resolve-hostnames yes',
    'sentinel announce-hostnames yes',
    `sentinel announce-ip ${opts.announce}`,
    `sentinel monitor ${opts.masterName} ${opts.primary} ${REDIS_PORT} 2`,
    `sentinel down-after-milliseconds ${opts.masterName} ${opts.downAfterMs}`,
    `sentinel failover-timeout ${opts.masterName} ${opts.failoverTimeoutMs}`,
    `sentinel parallel-syncs ${opts.masterName} 1`,
    '',
  ].join('\n');
}
