import session from 'express-session';
import type { Request, RequestHandler } from 'express';
import { SESSION_COOKIE, type SessionBackend } from './session-backend.ts';

declare module 'express-session' {
  interface SessionData {
    user: string;
    value: unknown;
  }
}

/** A store that can also say how many sessions it holds. */
export interface CountingStore {
  store: session.Store;
  count(): Promise<number>;
  /** Routes the store itself needs (replication), mounted before the session middleware. */
  internalRoutes?: RequestHandler;
  close?(): Promise<void>;
  ready?(): boolean;
}

const call = (fn: (cb: (error?: unknown) => void) => void): Promise<void> =>
  new Promise((resolve, reject) => fn((error) => (error ? reject(error) : resolve())));

/** express-session over the given store: the route contract on real session middleware. */
export function expressSessionBackend(secret: string, counting: CountingStore): SessionBackend {
  const middleware = session({
    name: SESSION_COOKIE,
    secret,
    store: counting.store,
    // Only logged-in sessions are stored, so `/stats` counts users, not anonymous visits.
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax' },
  });
  const backend: SessionBackend = {
    middleware: [middleware],
    user: (req: Request) => req.session?.user ?? null,
    value: (req: Request) => req.session?.value ?? null,
    async login(req, _res, user) {
      // A new id at login, so a session id known before login is worth nothing after it.
      await call((cb) => req.session.regenerate(cb));
      req.session.user = user;
      req.session.value = null;
      await call((cb) => req.session.save(cb));
    },
    async setValue(req, _res, value) {
      req.session.value = value;
      await call((cb) => req.session.save(cb));
    },
    async logout(req, res) {
      await call((cb) => req.session.destroy(cb));
      res.clearCookie(SESSION_COOKIE, { path: '/' });
    },
    count: () => counting.count(),
  };
  if (counting.internalRoutes) backend.internalRoutes = counting.internalRoutes;
  if (counting.close) backend.close = counting.close;
  if (counting.ready) backend.ready = counting.ready;
  return backend;
}

/** express-session's own MemoryStore (one per node: the `memory` and `sticky` strategies). */
export function memoryStore(): CountingStore {
  const store = new session.MemoryStore();
  return {
    store,
    count: () =>
      new Promise((resolve, reject) =>
        store.length((error, length) => (error ? reject(error) : resolve(length ?? 0))),
      ),
  };
}
