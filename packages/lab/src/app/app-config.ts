/** How the lab app is configured: every field comes from an environment variable (see `appConfigFromEnv`). */
export interface AppConfig {
  /** Node name sent in `X-Served-By` (`NODE_NAME`). */
  node: string;
  port: number;
  /** A name in `APP_BACKENDS` (`STRATEGY`). */
  strategy: string;
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
  /** For `jwt`: keep a revocation list in Redis so that logout takes effect (`JWT_REVOCATION=1`). */
  jwtRevocation: boolean;
  /**
   * The whole environment, for a backend that reads its own variable (`MEMCACHED`, `DATABASE_URL`): a store's
   * `appEnv` in `packages/lab/src/cluster/lab-stores.ts` sets it, its backend reads it, nothing in between.
   */
  env: Readonly<Record<string, string | undefined>>;
}
