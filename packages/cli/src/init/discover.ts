import type { CaptureInput, RequestSpec, StepSpec } from '@sessionchaos/core';
import { formsOf, type FormSummary } from '@sessionchaos/traffic';
import { Browser, type Visit } from './browser.ts';

/** What `init` found out about a target, each with how it was found (for the comments it writes). */
export interface Discovery {
  loginPage: string;
  login: StepSpec;
  /** How the login was found. */
  loginNote: string;
  loggedIn: boolean;
  sessionCookie?: string;
  sessionToken?: string;
  /** The bearer header the token goes in, when the login answers a token. */
  headers?: Record<string, string>;
  whoami?: RequestSpec & { identity: CaptureInput };
  data?: { write: RequestSpec & { value: string }; read: RequestSpec & { value: string } };
  logout?: StepSpec;
  node?: { header: string } | { cookie: string };
  /** The header a write sends the page's CSRF token in, when the landing page carries one. */
  csrfHeader?: string;
  notes: string[];
}

const LOGIN_PAGES = [
  '/login',
  '/signin',
  '/sign-in',
  '/users/sign_in',
  '/auth/login',
  '/account/login',
  '/user/login',
];
const JSON_LOGINS = ['/login', '/api/login', '/auth/login', '/api/auth/login', '/api/sessions', '/session'];
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
const NODE_HEADERS = [
  'x-served-by',
  'x-server',
  'x-node',
  'x-backend',
  'x-upstream',
  'x-pod-name',
  'x-instance',
  'x-host',
];
const TOKEN_KEYS = ['accessToken', 'access_token', 'token', 'jwt', 'id_token', 'idToken'];

function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname;
}

function passwordForm(v: Visit): FormSummary | undefined {
  if (!v.answer || (v.op.status ?? 500) >= 400 || !/<form/i.test(v.answer.body)) return undefined;
  return formsOf(v.answer).find((f) => f.hasPassword);
}

function json(v: Visit): unknown {
  try {
    return JSON.parse(v.answer?.body ?? '');
  } catch {
    return undefined;
  }
}

/** The JSON path of the first string equal to `wanted` in `value` (`$.user.email`), searched breadth-first. */
export function pathTo(value: unknown, wanted: string): string | undefined {
  const queue: [unknown, string][] = [[value, '$']];
  while (queue.length > 0) {
    const [v, at] = queue.shift()!;
    if (v === wanted) return at;
    if (Array.isArray(v)) v.forEach((x, i) => queue.push([x, `${at}[${i}]`]));
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v))
        if (/^[A-Za-z_$][\w$-]*$/.test(k)) queue.push([x, `${at}.${k}`]);
  }
  return undefined;
}

function cookieNames(v: Visit): Map<string, string> {
  const out = new Map<string, string>();
  for (const h of v.op.hops ?? []) for (const c of h.set) if (!c.cleared) out.set(c.name, c.hash);
  return out;
}

/** Finds the login (a form with a password field, else a JSON login answering a token). */
async function findLogin(
  b: Browser,
  username: string,
): Promise<Pick<Discovery, 'loginPage' | 'login' | 'loginNote' | 'sessionToken' | 'headers'> | undefined> {
  const first = await b.send({ method: 'GET', path: '/' });
  const candidates = [first];
  const form0 = passwordForm(first);
  if (form0)
    return formLogin(pathOf(first.op.hops?.at(-1)?.url ?? b.origin + '/'), form0, 'the page / leads to');
  for (const path of LOGIN_PAGES) {
    const v = await b.send({ method: 'GET', path });
    candidates.push(v);
    const f = passwordForm(v);
    if (f) return formLogin(path, f, `${path}`);
  }
  const field = username.includes('@') ? 'email' : 'username';
  for (const path of JSON_LOGINS) {
    const v = await b.send({
      method: 'POST',
      path,
      body: { [field]: '{{username}}', password: '{{password}}' },
    });
    const body = json(v);
    if ((v.op.status ?? 500) >= 300 || body === null || typeof body !== 'object') continue;
    const key = TOKEN_KEYS.map((k) => findKey(body, k)).find((p) => p !== undefined);
    if (!key) continue;
    const idPath = findKey(body, 'id');
    const capture: Record<string, string> = { token: key };
    if (idPath) capture.uid = idPath;
    return {
      loginPage: '/login',
      login: { method: 'POST', path, body: { [field]: '{{username}}', password: '{{password}}' }, capture },
      loginNote: `POST ${path} with JSON {${field}, password} answered a token at ${key}`,
      sessionToken: 'token',
      headers: { authorization: 'Bearer {{token}}' },
    };
  }
  return undefined;
}

/** The JSON path of the first key named `key` (breadth-first), when its value is a string or number. */
function findKey(value: unknown, key: string): string | undefined {
  const queue: [unknown, string][] = [[value, '$']];
  while (queue.length > 0) {
    const [v, at] = queue.shift()!;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
    for (const [k, x] of Object.entries(v)) {
      if (k === key && (typeof x === 'string' || typeof x === 'number')) return `${at}.${k}`;
      if (/^[A-Za-z_$][\w$-]*$/.test(k)) queue.push([x, `${at}.${k}`]);
    }
  }
  return undefined;
}

function formLogin(
  page: string,
  form: FormSummary,
  where: string,
): Pick<Discovery, 'loginPage' | 'login' | 'loginNote'> {
  const user =
    form.fields.find((f) => /user|login|email|name|account|j_username/i.test(f)) ??
    form.fields[0] ??
    'username';
  const pass = form.fields.find((f) => /pass/i.test(f)) ?? 'password';
  const hidden =
    form.hidden.length > 0
      ? `; its hidden field(s) ${form.hidden.join(', ')} are sent as the page gives them`
      : '';
  return {
    loginPage: page,
    login: { form: { page, fields: { [user]: '{{username}}', [pass]: '{{password}}' } } },
    loginNote: `the form with a password field on ${where} (${form.method} ${form.action || page})${hidden}`,
  };
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
      const at = pathTo(json(v), username);
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

async function findData(b: Browser, d: Discovery, auth: Record<string, string> | undefined): Promise<void> {
  const v = await b.send({ method: 'GET', path: '/api/data', ...(auth ? { headers: auth } : {}) });
  const body = json(v);
  if ((v.op.status ?? 500) >= 300 || body === null || typeof body !== 'object' || !('value' in body)) return;
  // The write is tried for real: plain, then with the page's CSRF token in a header.
  const tries: (Record<string, string> | undefined)[] = [auth];
  if (d.csrfHeader) tries.push({ ...auth, [d.csrfHeader]: '{{csrf}}' });
  for (const headers of tries) {
    const write: RequestSpec & { value: string } = {
      method: 'POST',
      path: '/api/data',
      body: { value: '{{value}}' },
      value: '$.value',
      ...(headers && !auth ? { headers } : {}),
    };
    const w = await b.send({ ...write, body: { value: 1 } });
    if (w.op.type !== 'ok') continue;
    d.data = { write, read: { method: 'GET', path: '/api/data', value: '$.value' } };
    return;
  }
  d.notes.push('GET /api/data answered, but a POST of {value} to it was refused: add write and read by hand');
}

async function findNode(b: Browser, d: Discovery, auth: Record<string, string> | undefined): Promise<void> {
  const path = d.whoami?.path.includes('{{') ? '/' : (d.whoami?.path ?? '/');
  const seen = new Map<string, Set<string>>();
  for (let i = 0; i < 6; i++) {
    const v = await b.send({ method: 'GET', path, ...(auth ? { headers: auth } : {}) });
    for (const [k, val] of Object.entries(v.answer?.headers ?? {}))
      if (
        typeof val === 'string' &&
        (NODE_HEADERS.includes(k) || /^x-.*(node|server|backend|pod|instance)/.test(k))
      )
        seen.set(k, (seen.get(k) ?? new Set()).add(val));
  }
  const varying = [...seen].find(([, vals]) => vals.size > 1) ?? [...seen][0];
  if (varying) {
    d.node = { header: varying[0] };
    if (varying[1].size === 1)
      d.notes.push(`only one node answered (${varying[0]}: ${[...varying[1]][0]}) in 6 requests`);
    return;
  }
  for (const name of ['SERVERID', 'route', 'INGRESSCOOKIE', 'AWSALB', 'JSESSIONID']) {
    if (b.vu.jar.value(`${b.origin}/`, name) !== undefined && name !== d.sessionCookie) {
      d.node = { cookie: name };
      return;
    }
  }
  d.notes.push(
    'no response header or balancer cookie named the serving node: set node (header or cookie) if one does',
  );
}

async function findLogout(b: Browser, d: Discovery): Promise<void> {
  const home = await b.send({ method: 'GET', path: '/' });
  const form = home.answer ? formsOf(home.answer).find((f) => /logout|sign.?out/i.test(f.action)) : undefined;
  if (form) {
    d.logout = { form: { page: '/', selector: `form[action="${form.action}"]` } };
    return;
  }
  if (d.sessionToken || !d.whoami) return;
  // Last of all, as it ends the session: a POST /logout after which whoami names nobody.
  const out = await b.send({ method: 'POST', path: '/logout' }, 'logout');
  const after = await b.send({ method: d.whoami.method, path: d.whoami.path }, 'whoami');
  if (out.op.type === 'ok' && after.op.identity === null) d.logout = { method: 'POST', path: '/logout' };
  else
    d.notes.push(
      'no logout found (no logout form on /, POST /logout did not end the session): add one if the app has it',
    );
}
