import { randomBytes } from 'node:crypto';
import type { Bug } from './bugs.ts';

/** A session value, as the lab app stores it. */
export type SessionValue = string | number | null;

interface Session {
  user: string | null;
  value: SessionValue;
  /** Recent writes with their time, newest last: what a lagging replica serves from. */
  writes: { at: number; value: SessionValue }[];
  /** Nodes that recorded this session's logout (the `logout-not-propagated` bug). */
  loggedOutOn: Set<string> | null;
  /** Writes in flight, the value from before they started, and how many joined (`lost-update`). */
  writers: number;
  groupBase: SessionValue;
  groupSize: number;
}

/** How far behind the lagging replica of `stale-read` is. */
export const REPLICA_LAG_MS = 400;
// Long enough for writes sent together to overlap on the server.
const WRITE_DELAY_MS = 20;
const KEPT_WRITES = 64;

/**
 * The broken target's one session store, shared by every node, correct unless a bug is on.
 * `bugs` is read on every call, so switching a bug takes effect on the next request.
 */
export class BrokenStore {
  readonly #sessions = new Map<string, Session>();
  readonly #bugs: ReadonlySet<Bug>;

  constructor(bugs: ReadonlySet<Bug>) {
    this.#bugs = bugs;
  }

  /** Creates a session (anonymous when `user` is null) and returns its id. */
  create(user: string | null): string {
    const id = randomBytes(16).toString('hex');
    this.#sessions.set(id, {
      user,
      value: null,
      writes: [],
      loggedOutOn: null,
      writers: 0,
      groupBase: null,
      groupSize: 0,
    });
    return id;
  }

  /** Whether the id names a session the store holds (logged in or not). */
  has(id: string | undefined): boolean {
    return id !== undefined && this.#sessions.has(id);
  }

  /** Who session `id` belongs to, as node `node` sees it; null when anonymous or unknown. */
  user(id: string | undefined, node: string): string | null {
    if (id === undefined) return null;
    const s = this.#sessions.get(id);
    if (!s || (s.loggedOutOn !== null && s.loggedOutOn.has(node))) return null;
    return s.user;
  }

  /** Logs session `id` in as `user`: a new id, or (session fixation) the same one. */
  login(id: string | undefined, user: string): string {
    const s = id === undefined ? undefined : this.#sessions.get(id);
    if (s && this.#bugs.has('session-fixation')) {
      s.user = user;
      return id!;
    }
    if (id !== undefined) this.#sessions.delete(id);
    return this.create(user);
  }

  /** Ends session `id`: everywhere, or (the bug) only on the node that served the logout. */
  logout(id: string | undefined, node: string): void {
    if (id === undefined) return;
    const s = this.#sessions.get(id);
    if (s && this.#bugs.has('logout-not-propagated')) (s.loggedOutOn ??= new Set()).add(node);
    else this.#sessions.delete(id);
  }

  /** The session value read through `node` (a lagging replica's view under `stale-read`). */
  read(id: string, node: string): SessionValue {
    const s = this.#sessions.get(id);
    if (!s) return null;
    if (!this.#bugs.has('stale-read') || node === 'app-1') return s.value;
    const horizon = Date.now() - REPLICA_LAG_MS;
    let seen: SessionValue = null;
    for (const w of s.writes) {
      if (w.at > horizon) break;
      seen = w.value;
    }
    return seen;
  }

  /** Writes the session value; under `lost-update`, overlapping writes end with the value from before them. */
  async write(id: string, value: SessionValue): Promise<void> {
    const s = this.#sessions.get(id);
    if (!s) return;
    if (!this.#bugs.has('lost-update')) return this.#apply(s, value);
    if (s.writers === 0) {
      s.groupBase = s.value;
      s.groupSize = 0;
    }
    s.writers++;
    s.groupSize++;
    await new Promise((resolve) => setTimeout(resolve, WRITE_DELAY_MS));
    s.writers--;
    if (s.groupSize < 2) this.#apply(s, value);
    else if (s.writers === 0) this.#apply(s, s.groupBase); // the stale copy is saved last
  }

  #apply(s: Session, value: SessionValue): void {
    s.value = value;
    s.writes.push({ at: Date.now(), value });
    if (s.writes.length > KEPT_WRITES) s.writes.shift();
  }

  /** Drops one logged-in session picked at random (the `lost-session` bug's eviction). */
  evictOne(): void {
    const logged = [...this.#sessions].filter(([, s]) => s.user !== null);
    if (logged.length === 0) return;
    this.#sessions.delete(logged[Math.floor(Math.random() * logged.length)]![0]);
  }
}
