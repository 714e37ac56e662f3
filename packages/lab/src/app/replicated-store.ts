import express, { type RequestHandler } from 'express';
import session from 'express-session';
import type { CountingStore } from './express-session-backend.ts';
import { peerClient, type PeerSend } from './peer-client.ts';

/** How a replicated store copies sessions to its peers. */
export interface ReplicationOptions {
  /** Peers as `host:port`, in ring order starting with the next node (primary-backup copies to the first). */
  peers: string[];
  mode: 'all-to-all' | 'primary-backup';
  /** Acknowledge a write only after the peers answered (or timed out). */
  sync: boolean;
  /** Delay before an asynchronous copy is sent: the window in which peers serve stale data. */
  lagMs: number;
  /** Give up on a peer after this long, so a dead peer slows writes but does not block them. */
  peerTimeoutMs?: number;
}

/** Path prefix of the replication endpoints (peer to peer, never through the balancer's session code). */
export const REPLICA_PATH = '/_replica';

type Callback = (error?: unknown) => void;

/**
 * A session store that keeps sessions in memory and copies every write and delete to peer nodes
 * over HTTP: session clustering as servlet containers do it, with its N-fold memory cost.
 */
class ReplicatedStore extends session.Store {
  readonly sessions = new Map<string, string>();
  readonly #options: ReplicationOptions;
  readonly #send: PeerSend;

  constructor(options: ReplicationOptions) {
    super();
    this.#options = options;
    this.#send = peerClient(options.peerTimeoutMs ?? 1000);
  }

  override get(sid: string, cb: (error: unknown, session?: session.SessionData | null) => void): void {
    const json = this.sessions.get(sid);
    cb(null, json === undefined ? null : (JSON.parse(json) as session.SessionData));
  }

  override set(sid: string, sess: session.SessionData, cb: Callback = () => {}): void {
    const json = JSON.stringify(sess);
    this.sessions.set(sid, json);
    this.#replicate('PUT', sid, json, cb);
  }

  override destroy(sid: string, cb: Callback = () => {}): void {
    // A session this node does not hold was never stored anywhere: express-session made it here for
    // this request (at login, `regenerate` destroys the anonymous one). No peer has a copy to delete.
    if (!this.sessions.delete(sid)) return cb();
    this.#replicate('DELETE', sid, undefined, cb);
  }

  override length(cb: (error: unknown, length?: number) => void): void {
    cb(null, this.sessions.size);
  }

  #targets(): string[] {
    const { peers, mode } = this.#options;
    return mode === 'primary-backup' ? peers.slice(0, 1) : peers;
  }

  #replicate(method: 'PUT' | 'DELETE', sid: string, body: string | undefined, cb: Callback): void {
    const path = `${REPLICA_PATH}/${encodeURIComponent(sid)}`;
    const send = (): Promise<unknown> =>
      Promise.all(this.#targets().map((peer) => this.#send(peer, method, path, body)));
    if (this.#options.sync) {
      void send().then(() => cb());
      return;
    }
    setTimeout(() => void send(), this.#options.lagMs);
    cb();
  }
}

/** A {@link CountingStore} that replicates to peers, with the routes peers call to store copies. */
export function replicatedStore(options: ReplicationOptions): CountingStore {
  const store = new ReplicatedStore(options);
  const router = express.Router();
  router.put(`${REPLICA_PATH}/:sid`, express.text({ type: '*/*', limit: '1mb' }), (req, res) => {
    store.sessions.set(String(req.params['sid']), String(req.body));
    res.status(204).end();
  });
  router.delete(`${REPLICA_PATH}/:sid`, (req, res) => {
    store.sessions.delete(String(req.params['sid']));
    res.status(204).end();
  });
  return {
    store,
    count: () => Promise.resolve(store.sessions.size),
    internalRoutes: router as RequestHandler,
  };
}
