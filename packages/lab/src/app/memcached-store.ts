import session from 'express-session';
import type { CountingStore } from './express-session-backend.ts';
import { MemcachedClient } from './memcached-client.ts';

const PREFIX = 'sess:';
const DEFAULT_TTL_SECONDS = 24 * 3600;

type Callback = (error?: unknown) => void;

/** express-session's store over Memcached: a session is one JSON value per key, expiring with its cookie. */
class MemcachedStore extends session.Store {
  readonly #client: MemcachedClient;

  constructor(client: MemcachedClient) {
    super();
    this.#client = client;
  }

  override get(sid: string, cb: (error: unknown, data?: session.SessionData | null) => void): void {
    this.#client.get(PREFIX + sid).then(
      (text) => cb(null, text === null ? null : (JSON.parse(text) as session.SessionData)),
      (error: unknown) => cb(error),
    );
  }

  override set(sid: string, data: session.SessionData, cb: Callback = () => {}): void {
    this.#client.set(PREFIX + sid, JSON.stringify(data), ttlOf(data)).then(() => cb(), cb);
  }

  override destroy(sid: string, cb: Callback = () => {}): void {
    this.#client.delete(PREFIX + sid).then(() => cb(), cb);
  }

  override touch(sid: string, data: session.SessionData, cb: Callback = () => {}): void {
    this.#client.touch(PREFIX + sid, ttlOf(data)).then(() => cb(), cb);
  }
}

function ttlOf(data: session.SessionData): number {
  const maxAge = data.cookie?.maxAge;
  return typeof maxAge === 'number' && maxAge > 0 ? Math.ceil(maxAge / 1000) : DEFAULT_TTL_SECONDS;
}

/** Sessions in one Memcached server shared by every node (`MEMCACHED=host:port`). */
export function memcachedStore(hostPort: string): CountingStore {
  const client = new MemcachedClient(hostPort);
  return {
    store: new MemcachedStore(client),
    // Sessions live in Memcached, shared by all nodes: this node holds none of them itself.
    count: () => Promise.resolve(0),
    close: () => client.close(),
    ready: () => client.ready,
  };
}
