import { formsOf, type FormSummary } from '@sessionchaos/traffic';
import { answerJson, findKey } from './answer-json.ts';
import type { Browser, Visit } from './browser.ts';
import type { Discovery } from './discovery.ts';

/** Where a login page is looked for, in order, after the page / leads to. */
export const LOGIN_PAGES = [
  '/login',
  '/signin',
  '/sign-in',
  '/users/sign_in',
  '/auth/login',
  '/account/login',
  '/user/login',
];
/** Where a JSON login is tried (a POST of {username|email, password}) when no page has a login form. */
export const JSON_LOGINS = [
  '/login',
  '/api/login',
  '/auth/login',
  '/api/auth/login',
  '/api/sessions',
  '/session',
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

/** Finds the login (a form with a password field, else a JSON login answering a token). */
export async function findLogin(
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
    const body = answerJson(v);
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
