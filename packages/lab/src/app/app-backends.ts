import RedisStore from 'connect-redis';
import type { AppConfig } from './app-config.ts';
import { expressSessionBackend, memoryStore } from './express-session-backend.ts';
import { jwtBackend } from './jwt-backend.ts';
import { memcachedStore } from './memcached-store.ts';
import { postgresStore } from './postgres-store.ts';
import { redisClient } from './redis-client.ts';
import { replicatedStore } from './replicated-store.ts';
import type { SessionBackend } from './session-backend.ts';

/** Builds a node's session backend from its configuration. */
export type BackendFactory = (config: AppConfig) => SessionBackend;

/** The environment variable a store backend needs, or an error naming it. */
export function requiredEnv(config: AppConfig, name: string, example: string): string {
  const value = config.env[name];
  if (!value) throw new Error(`the ${config.strategy} strategy needs ${name} (e.g. ${example})`);
  return value;
}

/**
 * The session backends the lab app implements, one line each, by `STRATEGY` (`sticky` runs as `memory` behind
 * a sticky balancer, `tomcat` runs no lab app). A strategy with a store of its own adds its backend here.
 */
export const APP_BACKENDS: Readonly<Record<string, BackendFactory>> = {
  memory: (config) => expressSessionBackend(config.secret, memoryStore()),
  redis: (config) => {
    const client = redisClient(config);
    const store = new RedisStore({ client, prefix: 'sess:' });
    return expressSessionBackend(config.secret, {
      store,
      // Sessions live in Redis, shared by all nodes: this node holds none of them itself.
      count: () => Promise.resolve(0),
      close: () => client.quit().then(() => undefined),
      ready: () => client.status === 'ready',
    });
  },
  replicated: (config) =>
    expressSessionBackend(
      config.secret,
      replicatedStore({
        peers: config.peers,
        mode: config.replicationMode,
        sync: config.replicationSync,
        lagMs: config.replicationLagMs,
      }),
    ),
  jwt: (config) => jwtBackend(config.secret, config.jwtRevocation ? redisClient(config) : null),
  memcached: (config) =>
    expressSessionBackend(config.secret, memcachedStore(requiredEnv(config, 'MEMCACHED', 'memcached:11211'))),
  postgres: (config) =>
    expressSessionBackend(
      config.secret,
      postgresStore(requiredEnv(config, 'DATABASE_URL', 'postgres://postgres@postgres:5432/postgres')),
    ),
};
