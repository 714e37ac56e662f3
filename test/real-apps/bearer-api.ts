import bcrypt from 'bcryptjs';
import jsonServer from 'json-server';
import auth from 'json-server-auth';
import { listenLocal, realApp, userNames, PASSWORD, type RealApp, type RealAppOptions } from './real-app.ts';

/** The email of user `name` (json-server-auth logs in by email). */
export const emailOf = (name: string): string => `${name}@example.com`;

/**
 * The database json-server serves: user N (id N, `user-N@example.com`, the bcrypt hash json-server-auth
 * compares with, `name`), and one `data` record a user owns (id N, userId N), the per-user value.
 * One hash for all: bcrypt's 10 rounds take ~70 ms each, 35 s for 500 distinct ones.
 */
function seed(): { users: object[]; data: object[] } {
  const hash = bcrypt.hashSync(PASSWORD, 10);
  const names = userNames();
  return {
    users: names.map((name, i) => ({ id: i + 1, email: emailOf(name), password: hash, name })),
    data: names.map((_, i) => ({ id: i + 1, userId: i + 1, value: null })),
  };
}

/**
 * Starts json-server 0.17 with json-server-auth on 127.0.0.1: POST /login {email, password}
 * answers {accessToken, user}; /users/:id and /data/:id are readable and writable by their owner
 * only (json-server-auth's rule 600), with `Authorization: Bearer <accessToken>`.
 */
export async function startBearerApi(options: RealAppOptions = {}): Promise<RealApp> {
  const app = jsonServer.create();
  const router = jsonServer.router(seed());
  // json-server-auth reads the users and checks ownership in the router's lowdb, bound as app.db (its README).
  (app as unknown as { db: unknown }).db = router.db;
  app.use(jsonServer.bodyParser);
  app.use(auth.rewriter({ users: 600, data: 600 }));
  app.use(auth);
  app.use(router);
  const listening = await listenLocal(app, options.port);
  return realApp({
    name: 'bearer-api',
    url: `http://127.0.0.1:${listening.port}`,
    allowedOrigins: [],
    credentials: { username: emailOf('user-{{vu}}'), password: PASSWORD },
    close: () => listening.close(),
  });
}
