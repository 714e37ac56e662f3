import session from 'express-session';
import pg from 'pg';
import type { CountingStore } from './express-session-backend.ts';

type Callback = (error?: unknown) => void;

const DEFAULT_TTL_SECONDS = 24 * 3600;

// One row per session; `expires` lets a read skip an expired row without a sweeper.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS sessions (
  sid text PRIMARY KEY,
  data text NOT NULL,
  expires timestamptz NOT NULL
)`;

function ttlOf(data: session.SessionData): number {
  const maxAge = data.cookie?.maxAge;
  return typeof maxAge === 'number' && maxAge > 0 ? Math.ceil(maxAge / 1000) : DEFAULT_TTL_SECONDS;
}

/** express-session's store over a PostgreSQL table, through a small pool. */
class PostgresStore extends session.Store {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    super();
    this.#pool = pool;
  }

  override get(sid: string, cb: (error: unknown, data?: session.SessionData | null) => void): void {
    this.#pool
      .query<{ data: string }>('SELECT data FROM sessions WHERE sid = $1 AND expires > now()', [sid])
      .then(
        (r) => cb(null, r.rows[0] ? (JSON.parse(r.rows[0].data) as session.SessionData) : null),
        (error: unknown) => cb(error),
      );
  }

  override set(sid: string, data: session.SessionData, cb: Callback = () => {}): void {
    this.#pool
      .query(
        `INSERT INTO sessions (sid, data, expires) VALUES ($1, $2, now() + make_interval(secs => $3))
         ON CONFLICT (sid) DO UPDATE SET data = EXCLUDED.data, expires = EXCLUDED.expires`,
        [sid, JSON.stringify(data), ttlOf(data)],
      )
      .then(() => cb(), cb);
  }

  override destroy(sid: string, cb: Callback = () => {}): void {
    this.#pool.query('DELETE FROM sessions WHERE sid = $1', [sid]).then(() => cb(), cb);
  }

  override touch(sid: string, data: session.SessionData, cb: Callback = () => {}): void {
    this.#pool
      .query('UPDATE sessions SET expires = now() + make_interval(secs => $2) WHERE sid = $1', [
        sid,
        ttlOf(data),
      ])
      .then(() => cb(), cb);
  }
}

/**
 * Sessions in a PostgreSQL table shared by every node (`DATABASE_URL=postgres://user@host:port/db`). The table
 * is created once the database answers (it starts with the nodes); until then the node is not ready. While the
 * database is down each query fails within a second (the balancer's users get 5xx, not a hang).
 */
export function postgresStore(url: string): CountingStore {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 1000,
    query_timeout: 2000,
  });
  // An idle connection the database dropped (killed, restarted) errors on the pool: the next query reconnects.
  pool.on('error', () => {});
  let tableReady = false;
  let closed = false;
  const createTable = (): void => {
    pool.query(CREATE_TABLE).then(
      () => (tableReady = true),
      () => {
        if (!closed) setTimeout(createTable, 250).unref();
      },
    );
  };
  createTable();
  return {
    store: new PostgresStore(pool),
    // Sessions live in the database, shared by all nodes: this node holds none of them itself.
    count: () => Promise.resolve(0),
    close: () => {
      closed = true;
      return pool.end();
    },
    ready: () => tableReady,
  };
}
