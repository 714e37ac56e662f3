import { APP_BACKENDS } from './app-backends.ts';
import type { AppConfig } from './app-config.ts';

export type { AppConfig } from './app-config.ts';

/** The session strategies the lab app implements: the keys of `APP_BACKENDS`. */
export const APP_STRATEGIES: readonly string[] = Object.keys(APP_BACKENDS);

const hostPorts = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads the app configuration from the environment; throws naming the variable that is wrong. */
export function appConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const strategy = env['STRATEGY'] ?? 'memory';
  if (!APP_STRATEGIES.includes(strategy)) {
    throw new Error(`STRATEGY="${strategy}" is unknown. Valid strategies: ${APP_STRATEGIES.join(', ')}`);
  }
  const mode = env['REPLICATION_MODE'] ?? 'all-to-all';
  if (mode !== 'all-to-all' && mode !== 'primary-backup') {
    throw new Error(`REPLICATION_MODE="${mode}" is unknown. Valid modes: all-to-all, primary-backup`);
  }
  const config: AppConfig = {
    node: env['NODE_NAME'] ?? 'app-1',
    port: Number(env['PORT'] ?? 3000),
    strategy,
    secret: env['SESSION_SECRET'] ?? 'sessionchaos-lab-secret',
    peers: hostPorts(env['PEERS']),
    replicationMode: mode,
    replicationSync: env['REPLICATION_SYNC'] !== '0',
    replicationLagMs: Number(env['REPLICATION_LAG_MS'] ?? 0),
    redisSentinels: hostPorts(env['REDIS_SENTINELS']),
    redisMasterName: env['REDIS_MASTER_NAME'] ?? 'mymaster',
    jwtRevocation: env['JWT_REVOCATION'] === '1',
    env: { ...env },
  };
  if (env['REDIS_URL']) config.redisUrl = env['REDIS_URL'];
  return config;
}
