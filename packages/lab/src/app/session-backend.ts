import type { Request, RequestHandler, Response } from 'express';

/**
 * What the routes need from a session strategy. express-session backs memory, redis and
 * replicated; jwt keeps everything in a signed cookie instead.
 */
export interface SessionBackend {
  /** Runs before the routes (loads the session). */
  middleware: RequestHandler[];
  /** The logged-in user, or null when anonymous. */
  user(req: Request): string | null;
  /** The value stored in the session, or null. */
  value(req: Request): unknown;
  /** Starts a fresh session for `user` (a new id) and sets its cookie on `res`. */
  login(req: Request, res: Response, user: string): Promise<void>;
  /** Stores `value` in the current session. */
  setValue(req: Request, res: Response, value: unknown): Promise<void>;
  /** Ends the session and clears its cookie. */
  logout(req: Request, res: Response): Promise<void>;
  /** How many sessions this node holds (0 for stateless tokens). */
  count(): Promise<number>;
  /** Extra routes (replication endpoints), mounted before the session middleware. */
  internalRoutes?: RequestHandler;
  close?(): Promise<void>;
  /** False until the backend's store is connected (absent: always ready). */
  ready?(): boolean;
}

/** The session cookie's name, as in the HTTP contract. */
export const SESSION_COOKIE = 'sid';
