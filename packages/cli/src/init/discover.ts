import { answerJson, pathTo } from './answer-json.ts';
import { Browser, type Visit } from './browser.ts';
import type { Discovery } from './discovery.ts';
import { findData, findLogout, findNode } from './find-after-login.ts';
import { findLogin, JSON_LOGINS, LOGIN_PAGES } from './find-login.ts';

const WHOAMI = [
  '/api/me',
  '/me',
  '/api/user',
  '/user',
  '/api/whoami',
  '/whoami',
  '/api/profile',
  '/profile',
  '/api/session',
];

/** The cookies an answer set (not those it cleared), by name, with their hashes. */
function cookieNames(v: Visit): Map<string, string> {
  const out = new Map<string, string>();
  for (const h of v.op.hops ?? []) for (const c of h.set) if (!c.cleared) out.set(c.name, c.hash);
  return out;
}

/**
 * Looks at a target the way a person would before writing a scenario: finds the login, logs in with
 * the given credentials, finds the session cookie (or token), who-am-I, session data, logout and what
 * names the serving node. Every request goes to `url`'s origin only.
 */
export async function discover(
  url: string,
  username: string,
  password: string,
): Promise<Discovery | { error: string }> {
  const b = new Browser(url, username, password);
  try {
    const found = await findLogin(b, username);
    if (!found)
      return {
        error: `found no login on ${b.origin}: no page among /, ${LOGIN_PAGES.join(', ')} has a form with a password field, and no JSON login among ${JSON_LOGINS.join(', ')} answered a token. Write the journey by hand (README, "Your own cluster")`,
      };
    const d: Discovery = { ...found, loggedIn: false, notes: [] };
    const before = new Map<string, string>();
    const login = await b.send(found.login, 'login');
    for (const [k, v] of cookieNames(login)) before.set(k, v);
    d.loggedIn = login.op.type === 'ok';
    if (!d.loggedIn) {
      d.notes.push(
        `the login with ${username} did not go through (${login.op.status ?? login.op.error}): check the credentials`,
      );
      return d;
    }
    // A page after login that carries a CSRF token for later writes (Rails, Laravel, csrf-sync...).
    const meta = login.answer?.page.select('meta[name=csrf-token]');
    const token = meta?.attribs.content;
    if (token && !('method' in d.login)) {
      d.login = { ...d.login, capture: { csrf: { html: 'meta[name=csrf-token]', attr: 'content' } } };
      (b.vu.vars ??= new Map()).set('csrf', token);
      d.csrfHeader = 'x-csrf-token';
    }
    if (!d.sessionToken) {
      const names = [...before.keys()];
      d.sessionCookie = names.find((n) => /sess|sid|auth|token|jwt/i.test(n)) ?? names[0];
      if (!d.sessionCookie)
        d.notes.push('the login set no cookie: say which cookie holds the session (sessionCookie)');
    }
    const auth = d.headers;
    const candidates =
      d.login && 'capture' in d.login && d.login.capture?.uid ? ['/users/{{uid}}', ...WHOAMI] : WHOAMI;
    for (const path of candidates) {
      const v = await b.send({ method: 'GET', path, ...(auth ? { headers: auth } : {}) }, 'whoami');
      if ((v.op.status ?? 500) >= 300) continue;
      const at = pathTo(answerJson(v), username);
      if (at) {
        d.whoami = { method: 'GET', path, identity: at };
        break;
      }
    }
    if (!d.whoami)
      d.notes.push(
        `no page among ${WHOAMI.join(', ')} named ${username} after the login: write whoami by hand`,
      );
    await findData(b, d, auth);
    await findNode(b, d, auth);
    await findLogout(b, d);
    return d;
  } finally {
    await b.close();
  }
}
