import { answerJson, findKey } from './answer-json.ts';
import type { Browser, Visit } from './browser.ts';
import type { Discovery } from './discovery.ts';

/** Where a JSON login is tried (a POST of {username|email, password}), after the paths pages name. */
export const JSON_LOGINS = [
  '/login',
  '/api/login',
  '/auth/login',
  '/api/auth/login',
  '/signin',
  '/auth/signin',
  '/api/signin',
  '/api/auth/signin',
  '/api/sessions',
  '/session',
  '/api/session',
];
const TOKEN_KEYS = ['accessToken', 'access_token', 'token', 'jwt', 'id_token', 'idToken'];

/** The login part of a discovery. */
export type FoundLogin = Pick<
  Discovery,
  'loginPage' | 'login' | 'loginNote' | 'sessionToken' | 'headers' | 'allowedOrigins'
>;

/** Whether an answer set a cookie (a session given on login), not only cleared one. */
function setsCookie(v: Visit): boolean {
  return (v.op.hops ?? []).some((h) => h.set.some((c) => !c.cleared));
}

/**
 * Tries JSON logins at `paths`: a POST of {user, password} (the names a page's form gives, else
 * `email` or `username`) that answers 2xx with a token, or 2xx setting a cookie (204 or 200 with no
 * token: the session is the cookie). A 404 or 405 moves on to the next path; a 400/401/422 tries
 * the other field name first, as the app may want `email` where it was given `username`.
 */
export async function findJsonLogin(
  b: Browser,
  paths: { path: string; why: string }[],
  username: string,
  fields: { user: string; pass: string } | undefined,
): Promise<FoundLogin | undefined> {
  const guessed = username.includes('@') ? ['email', 'username'] : ['username', 'email'];
  const users = fields ? [fields.user] : guessed;
  const pass = fields?.pass ?? 'password';
  for (const { path, why } of paths)
    for (const user of users) {
      const body = { [user]: '{{username}}', [pass]: '{{password}}' };
      const v = await b.send({ method: 'POST', path, body });
      const status = v.op.status ?? 500;
      if (status === 404 || status === 405 || status >= 500) break;
      if (status >= 300) continue;
      const json = answerJson(v);
      const key =
        json !== null && typeof json === 'object'
          ? TOKEN_KEYS.map((k) => findKey(json, k)).find((p) => p !== undefined)
          : undefined;
      if (key) {
        const idPath = findKey(json, 'id');
        const capture: Record<string, string> = { token: key };
        if (idPath) capture.uid = idPath;
        return {
          login: { method: 'POST', path, body, capture },
          loginNote: `POST ${path} (${why}) with JSON {${user}, ${pass}} answered a token at ${key}`,
          sessionToken: 'token',
          headers: { authorization: 'Bearer {{token}}' },
        };
      }
      if (setsCookie(v))
        return {
          login: { method: 'POST', path, body },
          loginNote: `POST ${path} (${why}) with JSON {${user}, ${pass}} answered ${status} with a session cookie (no token)`,
        };
    }
  return undefined;
}
