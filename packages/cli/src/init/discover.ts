import { isFormStep } from '@sessionchaos/core';
import { formsOf } from '@sessionchaos/traffic';
import { answerJson, pathTo } from './answer-json.ts';
import { Browser, type Visit } from './browser.ts';
import type { Discovery } from './discovery.ts';
import { findData, findLogout, findNode } from './find-after-login.ts';
import { findLogin, LOGIN_PAGES } from './find-login.ts';
import { htmlIdentity } from './html-whoami.ts';
import { JSON_LOGINS } from './json-login.ts';

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
function cookieNames(v: Visit, origin: string): Map<string, string> {
  const out = new Map<string, string>();
  // Only the app's own: an identity provider's cookies (its own session) are not the app's session.
  for (const h of v.op.hops ?? [])
    if (new URL(h.url).origin === origin) for (const c of h.set) if (!c.cleared) out.set(c.name, c.hash);
  return out;
}

/** The login's placeholder when none was found: a form at /login, to be corrected by hand. */
function noLogin(b: Browser, given: string | undefined): Discovery {
  const page = given ?? '/login';
  return {
    loginPage: page,
    login: { form: { page, fields: { username: '{{username}}', password: '{{password}}' } } },
    loginNote: `TODO: no login found on ${b.origin}: no page among ${given ? `${given}, ` : ''}/, the sign-in links of /, ${LOGIN_PAGES.join(', ')} has a form with a password field, and no JSON login among ${JSON_LOGINS.join(', ')} answered a token or a cookie. Say which page has the login form (form.page, form.fields), or the request that logs in (method, path, body)`,
    loggedIn: false,
    notes: [],
    missing: ['login (the page with the login form, or the request that logs in)'],
  };
}

/**
 * After a provider's login form the answer may be another form of the provider (a consent page):
 * added to the login's forms (its hidden fields as the page gives them), so each login submits it.
 */
function consentForm(b: Browser, d: Discovery, login: Visit): boolean {
  const at = login.op.hops?.at(-1)?.url;
  if (!at || new URL(at).origin === b.origin || !login.answer || !('forms' in d.login)) return false;
  const form = formsOf(login.answer).find((f) => !f.hasPassword && f.method === 'POST');
  const forms = d.login.forms ?? [];
  if (!form || forms.length > 3) return false;
  const fields = Object.keys(form.hiddenValues).length > 0 ? form.hiddenValues : undefined;
  // A new step, not the old one changed: steps are compiled once per object.
  d.login = { ...d.login, forms: [...forms, fields ? { fields } : { selector: 'form' }] };
  d.loginNote += `, then the form the provider shows next (${form.action || at}, a consent page)`;
  return true;
}

/**
 * Looks at a target the way a person would before writing a scenario: finds the login, logs in with
 * the given credentials, finds the session cookie (or token), who-am-I, session data, logout and what
 * names the serving node. Every request goes to `url`'s origin, or an identity provider it redirects
 * to. What it cannot find is listed in `missing` (the file gets a TODO for each). `given` is the
 * login page to look at first; `base` the app's path on its origin (`/app`), looked under first.
 */
export async function discover(
  url: string,
  username: string,
  password: string,
  given?: string,
  base = '',
): Promise<Discovery> {
  const b = new Browser(url, username, password);
  try {
    const found = await findLogin(b, username, given, base);
    if (!found) {
      const d = noLogin(b, given);
      await findNode(b, d, undefined);
      return d;
    }
    const d: Discovery = { ...found, loggedIn: false, notes: [], missing: [] };
    if (d.loginPage !== undefined) b.loginPage = d.loginPage;
    const before = new Map<string, string>();
    let login = await b.send(found.login, 'login');
    while (login.op.type === 'ok' && consentForm(b, d, login)) login = await b.send(d.login, 'login');
    for (const [k, v] of cookieNames(login, b.origin)) before.set(k, v);
    // A form shown again with its password field (Django's re-rendered form, 200 at the same path) refused it.
    const formAgain = login.answer !== undefined && formsOf(login.answer).some((f) => f.hasPassword);
    d.loggedIn = login.op.type === 'ok' && !formAgain;
    if (!d.loggedIn) {
      d.notes.push(
        `the login with ${username} did not go through (${formAgain ? 'the login form came back' : (login.op.status ?? login.op.error)}): check the credentials`,
      );
      d.missing.push(`credentials that log in (the login with ${username} was refused)`);
      return d;
    }
    // A page after login that carries a CSRF token for later writes (Rails, Laravel, csrf-sync...).
    const meta = login.answer?.page.select('meta[name=csrf-token]');
    const token = meta?.attribs.content;
    if (token && isFormStep(d.login)) {
      d.login = { ...d.login, capture: { csrf: { html: 'meta[name=csrf-token]', attr: 'content' } } };
      (b.vu.vars ??= new Map()).set('csrf', token);
      d.csrfHeader = 'x-csrf-token';
    }
    if (!d.sessionToken) {
      const names = [...before.keys()].filter((n) => !/csrf|xsrf/i.test(n));
      d.sessionCookie = names.find((n) => /sess|sid|auth|token|jwt/i.test(n)) ?? names[0];
      if (!d.sessionCookie)
        d.notes.push('the login set no cookie: say which cookie holds the session (sessionCookie)');
    }
    const auth = d.headers;
    // Under the app's base path first (a Tomcat context path), then at the origin's root.
    const paths = [...(base ? WHOAMI.map((p) => base + p) : []), ...WHOAMI];
    const candidates =
      d.login && 'capture' in d.login && d.login.capture?.uid ? ['/users/{{uid}}', ...paths] : paths;
    for (const path of candidates) {
      const v = await b.send({ method: 'GET', path, ...(auth ? { headers: auth } : {}) }, 'whoami');
      if ((v.op.status ?? 500) >= 300) continue;
      const at = pathTo(answerJson(v), username);
      if (at) {
        d.whoami = { method: 'GET', path, identity: at };
        break;
      }
    }
    // No JSON names the user: a page that says so in words ("Signed in as user-1"), where the login landed first.
    const landed = login.op.hops?.at(-1)?.url;
    const pages = [
      ...(landed && new URL(landed).origin === b.origin ? [new URL(landed).pathname] : []),
      `${base}/`,
      ...paths,
    ];
    for (const path of d.whoami ? [] : [...new Set(pages)]) {
      const v = await b.send({ method: 'GET', path, ...(auth ? { headers: auth } : {}) }, 'whoami');
      const re = (v.op.status ?? 500) < 300 && v.answer ? htmlIdentity(v.answer.body, username) : undefined;
      if (re) {
        d.whoami = { method: 'GET', path, identity: re };
        break;
      }
    }
    if (!d.whoami) {
      d.notes.push(`no page among ${WHOAMI.join(', ')} named ${username} after the login`);
      d.missing.push('whoami (a page that names the logged-in user, and where in it)');
    }
    await findData(b, d, auth, base);
    await findNode(b, d, auth);
    await findLogout(b, d, base);
    return d;
  } finally {
    await b.close();
  }
}
