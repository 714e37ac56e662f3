import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { csrfSync } from 'csrf-sync';
import { escapeHtml, htmlPage } from './html-page.ts';
import { listenLocal, realApp, PASSWORD, USER_COUNT, type RealApp, type RealAppOptions } from './real-app.ts';

declare module 'express-session' {
  interface SessionData {
    value?: unknown;
  }
}

/** The logged-in user as passport keeps it (req.user). */
interface AppUser {
  name: string;
}

const knownUser = (name: string): boolean => {
  const match = /^user-(\d+)$/.exec(name);
  return match !== null && Number(match[1]) >= 1 && Number(match[1]) <= USER_COUNT;
};

const userOf = (req: Request): string | undefined => (req.user as AppUser | undefined)?.name;

/**
 * The Express app: express-session (memory store), passport-local login, and csrf-sync's
 * synchronizer token (kept in the session) on every state-changing request. The token goes in the
 * `_csrf` field of a form, or in the `x-csrf-token` header of any other request (the pattern of
 * csrf-sync's README, "Safely using both body and header").
 */
export function createCsrfApp(): express.Express {
  const { csrfSynchronisedProtection: csrfProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) =>
      req.is('application/x-www-form-urlencoded')
        ? (req.body as Record<string, string | undefined>)['_csrf']
        : (req.headers['x-csrf-token'] as string | undefined),
  });
  const auth = new passport.Passport();
  auth.use(
    new LocalStrategy((username, password, done) => {
      done(null, knownUser(username) && password === PASSWORD ? { name: username } : false);
    }),
  );
  auth.serializeUser((user, done) => done(null, (user as AppUser).name));
  auth.deserializeUser((name: string, done) => done(null, { name }));

  const app = express();
  app.use(
    session({
      secret: randomBytes(16).toString('hex'),
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax' },
    }),
  );
  app.use(express.urlencoded({ extended: false }), express.json());
  app.use(auth.initialize(), auth.session());
  // Like a typical server-rendered app: an anonymous request is sent to the login page.
  const loggedIn = (req: Request, res: Response, next: NextFunction): void => {
    if (req.isAuthenticated()) next();
    else res.redirect(302, '/login');
  };
  const hidden = (req: Request): string =>
    `<input type="hidden" name="_csrf" value="${escapeHtml(generateToken(req))}">`;

  app.get('/login', (req, res) => {
    const error = req.query['error'] === undefined ? '' : '<p>Wrong user name or password.</p>';
    res
      .type('html')
      .send(
        htmlPage(
          'Log in',
          `${error}<form method="post" action="/login">${hidden(req)}<input name="username">` +
            '<input name="password" type="password"><button>Log in</button></form>',
        ),
      );
  });
  // passport regenerates the session on login (a new session id, the old token gone with it).
  app.post(
    '/login',
    csrfProtection,
    auth.authenticate('local', { successRedirect: '/', failureRedirect: '/login?error=1' }),
  );
  app.get('/', loggedIn, (req, res) => {
    const token = escapeHtml(generateToken(req));
    res
      .type('html')
      .send(
        htmlPage(
          'Home',
          `<p>Hello ${escapeHtml(userOf(req) ?? '')}.</p><form method="post" action="/logout">${hidden(req)}` +
            '<button>Log out</button></form>',
          `<meta name="csrf-token" content="${token}">`,
        ),
      );
  });
  // The token for scripts (what an SPA would fetch before its first POST).
  app.get('/csrf-token', (req, res) => {
    res.json({ token: generateToken(req) });
  });
  app.get('/api/me', loggedIn, (req, res) => {
    res.json({ user: userOf(req) });
  });
  app.get('/api/data', loggedIn, (req, res) => {
    res.json({ value: req.session.value ?? null });
  });
  app.post('/api/data', loggedIn, csrfProtection, (req, res) => {
    req.session.value = (req.body as { value?: unknown } | undefined)?.value ?? null;
    res.json({ value: req.session.value });
  });
  app.post('/logout', csrfProtection, (req, res, next) => {
    // passport ends the login and regenerates the session: the old session id is destroyed in the store.
    req.logout((error: unknown) => (error ? next(error) : res.redirect(303, '/login')));
  });
  // csrf-sync's error is an http-errors 403 ("invalid csrf token"); answer it as Express would, without a stack.
  app.use(
    (error: { status?: number; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
      res
        .status(error.status ?? 500)
        .type('text')
        .send(error.message ?? 'error');
    },
  );
  return app;
}

/**
 * Starts the Express 5 + express-session + passport-local + csrf-sync app on 127.0.0.1: a
 * server-rendered login form with a hidden `_csrf` field; users user-1 ... user-500, password `secret`.
 */
export async function startExpressCsrf(options: RealAppOptions = {}): Promise<RealApp> {
  const listening = await listenLocal(createCsrfApp(), options.port);
  return realApp({
    name: 'express-csrf',
    url: `http://127.0.0.1:${listening.port}`,
    allowedOrigins: [],
    credentials: { username: 'user-{{vu}}', password: PASSWORD },
    close: () => listening.close(),
  });
}
