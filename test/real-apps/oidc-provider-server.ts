import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';
import Provider from 'oidc-provider';
import { listenLocal, type Listening } from './real-app.ts';

/** The one client the provider knows: the app's confidential client. */
export interface OidcClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** A running oidc-provider: its issuer URL and how to stop it. */
export interface OidcProviderServer {
  issuer: string;
  close(): Promise<void>;
}

/**
 * Starts `oidc-provider` (a certified OpenID provider) on 127.0.0.1 with its built-in
 * development interactions: its own login page (any login and password; the account id is the
 * login typed) and consent page. Our code only configures it: one client, keys, cookie keys.
 */
export async function startOidcProvider(client: OidcClient, port = 0): Promise<OidcProviderServer> {
  // Listen first (no handler yet) so that the issuer URL can name the port the OS chose.
  const route: { handler?: RequestListener } = {};
  const listening: Listening = await listenLocal((req, res) => {
    if (route.handler) route.handler(req, res);
    else res.writeHead(503).end();
  }, port);
  const issuer = `http://127.0.0.1:${listening.port}`;
  // Our own signing key and cookie keys: without them the provider uses (and warns about) shared development ones.
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'test', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    features: { devInteractions: { enabled: true } },
    // The defaults, stated: the provider notices (on the console, per run) when it falls back to its own.
    ttl: {
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      AccessToken: 3600,
      IdToken: 3600,
    },
  });
  route.handler = provider.callback();
  return { issuer, close: () => listening.close() };
}
