import { randomBytes } from 'node:crypto';
import express from 'express';
import session from 'express-session';
import { htmlPage } from './html-page.ts';
import { listenLocal, realApp, PASSWORD, USER_COUNT, type RealApp, type RealAppOptions } from './real-app.ts';

declare module 'express-session' {
  interface SessionData {
    email?: string;
    value?: unknown;
  }
}

const known = (email: unknown): email is string => {
  const m = typeof email === 'string' ? /^user-(\d+)@example\.com$/.exec(email) : null;
  return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= USER_COUNT;
};

// The sign-in page's script, as a single-page app would ship it: the form is never submitted itself.
const SCRIPT = `document.getElementById('signin').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target;
  const r = await fetch('/auth/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: f.email.value, password: f.password.value }),
  });
  if (r.status === 204) location.href = '/';
});`;

/** Where the sign-in is, for a variant no page points at. */
export interface JsonSigninOptions extends RealAppOptions {
  /** Path of the JSON sign-in (default `/auth/signin`). */
  signinPath?: string;
  /** Serve the home page's link and the sign-in page with its script (default true). */
  pages?: boolean;
}

/**
 * Starts an Express 5 + express-session app whose sign-in is JSON at a path of its own: the home
 * page links "Sign in" to `/signin`, a page whose form (no method or action) a script posts as JSON
 * `{email, password}` to `POST /auth/signin`, which answers **204** with the session cookie `sid` and
 * no token. `GET /api/me` -> `{"email", "name"}` (401 before), `GET`/`POST /api/data` -> `{"value"}`,
 * `POST /auth/signout` -> 204. Users `user-N@example.com` / `secret`.
 */
export async function startJsonSignin(options: JsonSigninOptions = {}): Promise<RealApp> {
  const signin = options.signinPath ?? '/auth/signin';
  const app = express();
  app.use(
    session({
      name: 'sid',
      secret: randomBytes(16).toString('hex'),
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax' },
    }),
  );
  app.use(express.json());
  const link = options.pages === false ? '<p>Welcome.</p>' : '<nav><a href="/signin">Sign in</a></nav>';
  app.get('/', (req, res) => {
    const who = req.session.email;
    res.type('html').send(htmlPage('Home', who ? `<p>Hello ${who}</p>` : link));
  });
  if (options.pages !== false)
    app.get('/signin', (_req, res) => {
      res
        .type('html')
        .send(
          htmlPage(
            'Sign in',
            '<form id="signin"><input type="email" name="email"><input type="password" name="password">' +
              '<button>Sign in</button></form><script src="/app.js"></script>',
          ),
        );
    });
  app.get('/app.js', (_req, res) => res.type('js').send(SCRIPT.replace('/auth/signin', signin)));
  app.post(signin, (req, res, next) => {
    const body = (req.body ?? {}) as { email?: unknown; password?: unknown };
    if (!known(body.email) || body.password !== PASSWORD) {
      res.status(401).json({ error: 'wrong email or password' });
      return;
    }
    const email = body.email;
    // A new session id on sign-in (no fixation), as any session library advises.
    req.session.regenerate((error) => {
      if (error) return next(error);
      req.session.email = email;
      res.status(204).end();
    });
  });
  app.post('/auth/signout', (req, res, next) => {
    req.session.destroy((error) => (error ? next(error) : res.status(204).end()));
  });
  app.get('/api/me', (req, res) => {
    const email = req.session.email;
    if (!email) res.status(401).json({ email: null });
    else res.json({ email, name: email.replace(/@.*/, '') });
  });
  app.get('/api/data', (req, res) => {
    if (!req.session.email) res.status(401).json({ value: null });
    else res.json({ value: req.session.value ?? null });
  });
  app.post('/api/data', (req, res) => {
    if (!req.session.email) res.status(401).json({ value: null });
    else {
      req.session.value = (req.body as { value?: unknown }).value ?? null;
      res.json({ value: req.session.value });
    }
  });
  const listening = await listenLocal(app, options.port);
  return realApp({
    name: 'json-signin',
    url: `http://127.0.0.1:${listening.port}`,
    allowedOrigins: [],
    credentials: { username: 'user-{{vu}}@example.com', password: PASSWORD },
    close: () => listening.close(),
  });
}
