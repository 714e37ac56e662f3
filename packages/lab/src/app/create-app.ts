import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { SessionBackend } from './session-backend.ts';

/** The password the lab accepts for any user name. */
export const LAB_PASSWORD = 'secret';

const page = (title: string, body: string): string =>
  `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`;

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Handler = (req: Request, res: Response) => Promise<void> | void;
const wrap =
  (handler: Handler) =>
  (req: Request, res: Response, next: NextFunction): void => {
    Promise.resolve(handler(req, res)).catch(next);
  };

/**
 * The lab app: the default journey of the HTTP contract (login page, login, whoami, session
 * read/write, logout), health and stats, on the given session backend. Every response names the node.
 */
export function createApp(node: string, backend: SessionBackend): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.setHeader('X-Served-By', node);
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });
  // Readiness (the store is connected), apart from /healthz: the balancer must keep sending
  // traffic to a node whose store is down, so that the failure shows.
  app.get('/readyz', (_req, res) => {
    const ready = backend.ready?.() ?? true;
    res
      .status(ready ? 200 : 503)
      .type('text/plain')
      .send(ready ? 'ready' : 'store not connected');
  });
  app.get(
    '/stats',
    wrap(async (req, res) => {
      // ?gc=1 collects first (the node runs with --expose-gc), so memory figures compare.
      const gc = (globalThis as { gc?: () => void }).gc;
      if (req.query['gc'] === '1' && gc) gc();
      const memory = process.memoryUsage();
      res.json({
        node,
        sessions: await backend.count(),
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
      });
    }),
  );
  if (backend.internalRoutes) app.use(backend.internalRoutes);
  app.use(...backend.middleware);
  app.use(express.urlencoded({ extended: false }), express.json());

  const anonymous = (req: Request, res: Response): boolean => {
    if (backend.user(req) !== null) return false;
    res.status(401).json({ user: null, node });
    return true;
  };

  app.get('/login', (_req, res) => {
    res
      .type('html')
      .send(
        page(
          'Log in',
          '<form method="post" action="/login"><input name="username"><input name="password" type="password">' +
            '<button>Log in</button></form>',
        ),
      );
  });
  app.post(
    '/login',
    wrap(async (req, res) => {
      const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
      const username = typeof body.username === 'string' ? body.username : '';
      if (!username || body.password !== LAB_PASSWORD) {
        res.status(401).type('html').send(page('Log in', '<p>Wrong user name or password.</p>'));
        return;
      }
      await backend.login(req, res, username);
      res.redirect(303, '/');
    }),
  );
  app.get('/', (req, res) => {
    const user = backend.user(req);
    if (user === null) return res.redirect(302, '/login');
    res.type('html').send(page('Home', `<p>Hello ${escapeHtml(user)}, served by ${node}.</p>`));
  });
  app.get('/api/me', (req, res) => {
    if (!anonymous(req, res)) res.json({ user: backend.user(req), node });
  });
  app.get('/api/data', (req, res) => {
    if (!anonymous(req, res)) res.json({ value: backend.value(req) ?? null });
  });
  app.post(
    '/api/data',
    wrap(async (req, res) => {
      if (anonymous(req, res)) return;
      const value = (req.body as { value?: unknown } | undefined)?.value;
      if (typeof value !== 'string' && typeof value !== 'number') {
        res.status(400).json({ error: 'value must be a string or a number' });
        return;
      }
      await backend.setValue(req, res, value);
      res.json({ value });
    }),
  );
  app.post(
    '/logout',
    wrap(async (req, res) => {
      await backend.logout(req, res);
      res.redirect(303, '/login');
    }),
  );
  return app;
}
