import RedisStore from 'connect-redis';
import type { AppConfig } from './config.ts';
import { expressSessionBackend, memoryStore } from './express-session-backend.ts';
import { jwtBackend } from './jwt-backend.ts';
import { memcachedStore } from './memcached-store.ts';
import { redisClient } from './redis-client.ts';
import { replicatedStore } from './replicated-store.ts';
import type { SessionBackend } from './session-backend.ts';

/** The session backend a configuration asks for. */
export function backendFor(config: AppConfig): SessionBackend {
  switch (config.strategy) {
    case 'memory':
      return expressSessionBackend(config.secret, memoryStore());
    case 'replicated':
      return expressSessionBackend(
        config.secret,
        replicatedStore({
          peers: config.peers,
          mode: config.replicationMode,
          sync: config.replicationSync,
          lagMs: config.replicationLagMs,
        }),
      );
    case 'redis': {
      const client = redisClient(config);
      const store = new RedisStore({ client, prefix: 'sess:' });
      return expressSessionBackend(config.secret, {
        store,
        // Sessions live in Redis, shared by all nodes: this node holds none of them itself.
        count: () => Promise.resolve(0),
        close: () => client.quit().then(() => undefined),
        ready: () => client.status === 'ready',
      });
    }
    case 'memcached':
      if (!config.memcached) throw new Error('the memcached strategy needs MEMCACHED (host:port)');
      return expressSessionBackend(config.secret, memcachedStore(config.memcached));
    case 'jwt':
      return jwtBackend(config.secret, config.jwtRevocation ? redisClient(config) : null);
  }
}
