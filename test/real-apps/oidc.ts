import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import * as oidc from 'openid-client';
import { startOidcProvider, type OidcClient } from './oidc-provider-server.ts';
import { listenLocal, realApp, PASSWORD, type RealApp } from './real-app.ts';

declare module 'express-session' {
  interface SessionData {
    sub?: string;
    value?: unknown;
    /** The PKCE verifier and state of the authorization request under way. */
    pending?: { codeVerifier: string; state: string };
  }
}

/** Options of {@link startOidc}. */
export interface OidcOptions {
  /** Port of the app (0, the default: a free port on 127.0.0.1). */
  port?: number;
  /** Port of the OpenID provider (0, the default: a free port on 127.0.0.1). */
  providerPort?: number;
}

const wrap =
  (handler: (req: Request, res: Response) => Promise<void>) =>
  (req: Request, res: Response, next: NextFunction): void => {
    handler(req, res).catch(next);
  };

function createRelyingParty(config: oidc.Configuration, client: OidcClient): express.Express {
  const app = express();
  app.use(session({ secret: randomBytes(16).toString('hex'), resave: false, saveUninitialized: false }));
  app.use(express.json());
  app.get(
    '/login',
    wrap(async (req, res) => {
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      req.session.pending = { codeVerifier, state };
      const target = oidc.buildAuthorizationUrl(config, {
        redirect_uri: client.redirectUri,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
      });
      res.redirect(302, target.href);
    }),
  );
  app.get(
    '/callback',
    wrap(async (req, res) => {
      const pending = req.session.pending;
      if (!pending) {
        res.status(400).json({ error: 'no login under way in this session: start at /login' });
        return;
      }
      const current = new URL(req.originalUrl, `http://${req.headers.host ?? '127.0.0.1'}`);
      let sub: string | undefined;
      try {
        const tokens = await oidc.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
        });
        sub = tokens.claims()?.sub;
      } catch (error) {
        // A forged or replayed callback (state mismatch, a code the provider refuses): the login failed.
        res.status(400).json({ error: error instanceof Error ? error.message : String(error) });
        return;
      }
      // A new session id once logged in, as passport does (session fixation).
      await new Promise<void>((resolve, reject) =>
        req.session.regenerate((e: unknown) => (e ? reject(e) : resolve())),
      );
      req.session.sub = sub;
      res.redirect(302, '/');
    }),
  );
  const anonymous = (req: Request, res: Response): boolean => {
    if (req.session.sub !== undefined) return false;
    res.status(401).json({ user: null });
    return true;
  };
  app.get('/', (req, res) => {
    res
      .type('text')
      .send(req.session.sub === undefined ? 'not logged in: GET /login' : `hello ${req.session.sub}`);
  });
  app.get('/api/me', (req, res) => {
    if (!anonymous(req, res)) res.json({ user: req.session.sub });
  });
  app.get('/api/data', (req, res) => {
    if (!anonymous(req, res)) res.json({ value: req.session.value ?? null });
  });
  app.post('/api/data', (req, res) => {
    if (anonymous(req, res)) return;
    req.session.value = (req.body as { value?: unknown } | undefined)?.value ?? null;
    res.json({ value: req.session.value });
  });
  app.post('/logout', (req, res, next) => {
    // Ends the app's session only; the provider's own session (its SSO cookie) stays.
    req.session.destroy((error: unknown) => (error ? next(error) : res.redirect(303, '/')));
  });
  app.use((error: { message?: string }, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ error: error.message ?? 'error' });
  });
  return app;
}

/**
 * Starts an OpenID Connect authorization-code login: `oidc-provider` with its development login
 * and consent pages, and an Express 5 app using `openid-client` (discovery, PKCE, code grant) over
 * plain http on 127.0.0.1. Any login works at the provider; user-1 ... user-500 are what journeys type.
 */
export async function startOidc(options: OidcOptions = {}): Promise<RealApp> {
  // The app listens first: its callback URL must be registered with the provider.
  let handler: express.Express | undefined;
  const appServer = await listenLocal((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  }, options.port);
  const url = `http://127.0.0.1:${appServer.port}`;
  const client = {
    clientId: 'sessionchaos-app',
    clientSecret: randomBytes(16).toString('hex'),
    redirectUri: `${url}/callback`,
  };
  const provider = await startOidcProvider(client, options.providerPort);
  try {
    const config = await oidc.discovery(
      new URL(provider.issuer),
      client.clientId,
      client.clientSecret,
      undefined,
      { execute: [oidc.allowInsecureRequests] }, // the issuer is plain http on 127.0.0.1
    );
    handler = createRelyingParty(config, client);
  } catch (error) {
    await Promise.all([appServer.close(), provider.close()]);
    throw error;
  }
  return realApp({
    name: 'oidc',
    url,
    allowedOrigins: [provider.issuer],
    credentials: { username: 'user-{{vu}}', password: PASSWORD },
    close: async () => {
      await Promise.all([appServer.close(), provider.close()]);
    },
  });
}
