/** The session strategies the lab app implements (`sticky` runs as `memory` behind a sticky balancer). */
export const APP_STRATEGIES = ['memory', 'redis', 'replicated', 'jwt', 'memcached'] as const;

/** One of {@link APP_STRATEGIES}. */
export type AppStrategy = (typeof APP_STRATEGIES)[number];

/** How the lab app is configured: every field comes from an environment variable (see {@link appConfigFromEnv}). */
export interface AppConfig {
  /** Node name sent in `X-Served-By` (`NODE_NAME`). */
  node: string;
  port: number;
  strategy: AppStrategy;
  /** Secret for session id signatures and JWTs (`SESSION_SECRET`). */
  secret: string;
  /** Peers as `host:port` (`PEERS`, comma-separated), for `replicated`. */
  peers: string[];
  /** `all-to-all` copies to every peer; `primary-backup` to the next peer only (`REPLICATION_MODE`). */
  replicationMode: 'all-to-all' | 'primary-backup';
  /** Acknowledge a write only once peers stored it (`REPLICATION_SYNC=1`). */
  replicationSync: boolean;
  /** Delay before an async copy is sent (`REPLICATION_LAG_MS`). */
  replicationLagMs: number;
  /** `redis://host:port` of a single Redis (`REDIS_URL`). */
  redisUrl?: string;
  /** Sentinels as `host:port` (`REDIS_SENTINELS`); when set, the app follows the primary through them. */
  redisSentinels: string[];
  /** Name of the monitored primary (`REDIS_MASTER_NAME`). */
  redisMasterName: string;
  /** `host:port` of the Memcached server (`MEMCACHED`), for `memcached`. */
  memcached?: string;
  /** For `jwt`: keep a revocation list in Redis so that logout takes effect (`JWT_REVOCATION=1`). */
  jwtRevocation: boolean;
}

const hostPorts = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads the app configuration from the environment; throws naming the variable that is wrong. */
export function appConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const strategy = env['STRATEGY'] ?? 'memory';
  if (!(APP_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new Error(`STRATEGY="${strategy}" is unknown. Valid strategies: ${APP_STRATEGIES.join(', ')}`);
  }
  const mode = env['REPLICATION_MODE'] ?? 'all-to-all';
  if (mode !== 'all-to-all' && mode !== 'primary-backup') {
    throw new Error(`REPLICATION_MODE="${mode}" is unknown. Valid modes: all-to-all, primary-backup`);
  }
  const config: AppConfig = {
    node: env['NODE_NAME'] ?? 'app-1',
    port: Number(env['PORT'] ?? 3000),
    strategy: strategy as AppStrategy,
    secret: env['SESSION_SECRET'] ?? 'sessionchaos-lab-secret',
    peers: hostPorts(env['PEERS']),
    replicationMode: mode,
    replicationSync: env['REPLICATION_SYNC'] !== '0',
    replicationLagMs: Number(env['REPLICATION_LAG_MS'] ?? 0),
    redisSentinels: hostPorts(env['REDIS_SENTINELS']),
    redisMasterName: env['REDIS_MASTER_NAME'] ?? 'mymaster',
    jwtRevocation: env['JWT_REVOCATION'] === '1',
  };
  if (env['REDIS_URL']) config.redisUrl = env['REDIS_URL'];
  if (env['MEMCACHED']) config.memcached = env['MEMCACHED'];
  return config;
}
