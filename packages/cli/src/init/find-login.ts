import { formsOf, type Answer, type FormSummary } from '@sessionchaos/traffic';
import type { Browser, Visit } from './browser.ts';
import { findJsonLogin, JSON_LOGINS, type FoundLogin } from './json-login.ts';
import { passwordField, userField } from './login-fields.ts';
import { pageLinks, pathHints, scriptPaths, signInLinks, SIGN_IN_PATH } from './login-hints.ts';

/** Where a login page is looked for, after the page given, the page / and the sign-in links of /. */
export const LOGIN_PAGES = [
  '/login',
  '/signin',
  '/sign-in',
  '/accounts/login/',
  '/account/login',
  '/users/sign_in',
  '/auth/login',
  '/user/login',
  '/session/new',
];

/** The last URL a visit reached (after redirects), or the target's `/`. */
function finalUrl(b: Browser, v: Visit): string {
  return v.op.hops?.at(-1)?.url ?? `${b.origin}/`;
}

/** Where a visit was sent but not taken: a redirect to another origin (an identity provider). */
function redirectAway(b: Browser, v: Visit): string | undefined {
  const loc = v.op.hops?.at(-1)?.location;
  if (!loc) return undefined;
  const u = new URL(loc, finalUrl(b, v));
  return u.origin === b.origin || b.allowedOrigins.includes(u.origin) ? undefined : u.origin;
}

function passwordForm(v: Visit): FormSummary | undefined {
  if (!v.answer || (v.op.status ?? 500) >= 400 || !/<form/i.test(v.answer.body)) return undefined;
  return formsOf(v.answer).find((f) => f.hasPassword);
}

/** The form's two fields, when it has both. */
function fieldsOf(form: FormSummary): { user: string; pass: string } | undefined {
  const user = userField(form);
  const pass = passwordField(form);
  return user && pass ? { user, pass } : undefined;
}

/** What was seen while looking: the JS-driven form's field names and every page's text, for a JSON login. */
interface Seen {
  fields?: { user: string; pass: string };
  bodies: string[];
  /** The actions of such forms. */
  paths: string[];
  /** The pages seen (for their links). */
  pages: { answer: Answer; url: string }[];
}

/**
 * Finds the login, as a person would: the page given (`--login`, or `--url`'s path), the page `/`
 * leads to, the pages its "Sign in" / "Log in" links open (following a redirect to an identity
 * provider's form), the usual login pages; a form with a password field there is the login. When
 * none posts a form, a JSON login: first at the paths the pages' scripts name, then the usual ones.
 */
export async function findLogin(
  b: Browser,
  username: string,
  given: string | undefined,
  base = '',
): Promise<FoundLogin | undefined> {
  const seen: Seen = { bodies: [], paths: [], pages: [] };
  const tried = new Set<string>();
  const look = async (path: string, where: string): Promise<FoundLogin | undefined> => {
    if (tried.has(path)) return undefined;
    tried.add(path);
    return lookAt(b, path, where, seen);
  };
  const starts: [string, string][] = given ? [[given, `the page given, ${given}`]] : [];
  starts.push(['/', 'the page / leads to']);
  for (const [path, where] of starts) {
    const found = await look(path, where);
    if (found) return found;
  }
  const pages = [...seen.pages];
  for (const { answer, url } of pages)
    for (const link of signInLinks(answer, url)) {
      const from = new URL(url).pathname;
      if ('url' in link) {
        b.allow(new URL(link.url).origin);
        const found = await look(link.url, `the sign-in link of ${from} to ${link.url}`);
        if (found) return { ...found, allowedOrigins: found.allowedOrigins ?? [new URL(link.url).origin] };
        continue;
      }
      const found = await look(link.path, `the page the "sign in" link of ${from} opens (${link.path})`);
      if (found) return found;
    }
  for (const path of [...(base ? LOGIN_PAGES.map((p) => base + p) : []), ...LOGIN_PAGES]) {
    const found = await look(path, path);
    if (found) return found;
  }
  // A protected page may show the login form in place (Tomcat's FORM login) or redirect to it.
  for (const { answer, url } of pages)
    for (const path of pageLinks(answer, url).slice(0, 6)) {
      const found = await look(path, `the page the link of ${new URL(url).pathname} to ${path} opens`);
      if (found) return found;
    }
  const hints = pathHints(seen.bodies);
  const paths: { path: string; why: string }[] = [];
  const add = (list: string[], why: string): void => {
    for (const path of list) if (!paths.some((p) => p.path === path)) paths.push({ path, why });
  };
  add(given ? [given] : [], 'the path given');
  add(seen.paths, "the sign-in form's action");
  add(hints, "named by the pages' links or scripts");
  add(JSON_LOGINS, 'a usual login path');
  return findJsonLogin(b, paths, username, seen.fields);
}

async function lookAt(b: Browser, path: string, where: string, seen: Seen): Promise<FoundLogin | undefined> {
  const v = await b.send({ method: 'GET', path });
  return fromVisit(b, v, path, where, seen);
}

/** Reads one visited page: a login form (here or at the provider it redirects to), or hints for later. */
async function fromVisit(
  b: Browser,
  v: Visit,
  path: string,
  where: string,
  seen: Seen,
): Promise<FoundLogin | undefined> {
  const away = redirectAway(b, v);
  if (away) {
    // An identity provider: follow the app's redirect there, and look for its login form.
    b.allow(away);
    const again = await b.send({ method: 'GET', path });
    const form = passwordForm(again);
    const fields = form && fieldsOf(form);
    if (!form || !fields) return undefined;
    return {
      login: {
        method: 'GET',
        path,
        forms: [{ fields: { [fields.user]: '{{username}}', [fields.pass]: '{{password}}' } }],
      },
      loginNote: `GET ${path} redirects to the identity provider ${away}, whose login form (fields ${fields.user}, ${fields.pass}) is submitted within the step`,
      allowedOrigins: [away],
    };
  }
  if (v.answer) {
    seen.bodies.push(v.answer.body);
    if ((v.op.status ?? 500) < 400) seen.pages.push({ answer: v.answer, url: finalUrl(b, v) });
    for (const s of scriptPaths(v.answer, finalUrl(b, v))) {
      const js = await b.send({ method: 'GET', path: s });
      if (js.answer) seen.bodies.push(js.answer.body);
    }
  }
  const form = passwordForm(v);
  if (!form) return undefined;
  const fields = fieldsOf(form);
  if (form.method !== 'POST') {
    // No method: a script sends it (as JSON, most likely); its field names tell the JSON login's.
    if (fields) seen.fields ??= fields;
    if (form.action) seen.paths.push(new URL(form.action, finalUrl(b, v)).pathname);
    return undefined;
  }
  const url = new URL(finalUrl(b, v));
  const page = url.origin === b.origin ? url.pathname : path;
  const hidden =
    form.hidden.length > 0
      ? `; its hidden field(s) ${form.hidden.join(', ')} are sent as the page gives them`
      : '';
  // A form served in place of a protected page (Tomcat's): that page is no login page to land back on.
  const inPlace = !SIGN_IN_PATH.test(page);
  return {
    ...(inPlace ? {} : { loginPage: page }),
    login: {
      form: {
        page,
        fields: {
          [fields?.user ?? 'username']: '{{username}}',
          [fields?.pass ?? 'password']: '{{password}}',
        },
      },
    },
    loginNote: `the form with a password field on ${where} (${form.method} ${form.action || page}, fields by type and name)${hidden}${inPlace ? `; served in place of ${page}, which is not a login page` : ''}`,
  };
}
