import { createServer } from 'node:net';
import { createServer as createHttpServer, type RequestListener } from 'node:http';

/**
 * A real framework's login flow, started on 127.0.0.1 as a test target: what a journey needs to
 * know to log into it. Closing it stops everything it started.
 */
export interface RealApp extends AsyncDisposable {
  /** Short name, e.g. `tomcat-form`. */
  name: string;
  /** Base URL: `http://127.0.0.1:PORT`, with the context path if any, no trailing slash. */
  url: string;
  /** Other origins the login passes through (the OIDC provider), for `journey.allowedOrigins`. */
  allowedOrigins: string[];
  /** Credentials that work for virtual user n (n = 1, 2, ...), as templates with `{{vu}}`. */
  credentials: { username: string; password: string };
  /** Stops everything it started; safe to call twice. */
  close(): Promise<void>;
}

/** Options every `start...` function takes. */
export interface RealAppOptions {
  /** Port of the app on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
}

/** The password of every generated user. */
export const PASSWORD = 'secret';

/** How many users (`user-1` ... `user-500`) every app knows. */
export const USER_COUNT = 500;

/** The generated user names, `user-1` ... `user-500`. */
export function userNames(): string[] {
  return Array.from({ length: USER_COUNT }, (_, i) => `user-${i + 1}`);
}

/**
 * A port that was free on 127.0.0.1 a moment ago, for servers that must be told a port number up
 * front (Tomcat, an OIDC issuer URL) instead of listening on 0.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Makes `close` idempotent and adds `Symbol.asyncDispose`, so a handle works with `await using`. */
export function realApp(app: Omit<RealApp, typeof Symbol.asyncDispose>): RealApp {
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= app.close());
  return { ...app, close, [Symbol.asyncDispose]: close };
}

/** A Node HTTP server listening on 127.0.0.1: its port and a close that also ends idle keep-alive sockets. */
export interface Listening {
  port: number;
  close(): Promise<void>;
}

/** Serves `handler` (an Express app) on 127.0.0.1:`port` (0: a free port). */
export async function listenLocal(handler: RequestListener, port = 0): Promise<Listening> {
  const server = createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
