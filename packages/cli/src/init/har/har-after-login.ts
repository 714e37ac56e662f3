import type { CaptureInput, RequestSpec, StepSpec } from '@sessionchaos/core';
import { jsonPathOf } from './echo.ts';
import { pathOf, type Step } from './har-steps.ts';
import type { Templater } from './templater.ts';

const LOGOUT_PATH = /log-?out|sign-?out|log-?off|end-?session/i;
const NODE_HEADER =
  /^x-(served-by|server|node|backend|upstream|pod(-name)?|instance|host)$|^x-.*(node|backend|pod|instance)/;

function jsonOf(s: Step): unknown {
  if (!s.last.mime.includes('json')) return undefined;
  try {
    return JSON.parse(s.last.text);
  } catch {
    return undefined;
  }
}

function stringLeaves(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringLeaves(x, out);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) stringLeaves(x, out);
  return out;
}

/**
 * A token the login answered (a JSON string) that later requests send in a header (`Authorization: Bearer
 * X`): it becomes a capture on the login and a header of the whole journey.
 */
export function findToken(after: Step[], login: Step, t: Templater): string | undefined {
  const given = stringLeaves(jsonOf(login)).filter((s) => s.length >= 16);
  for (const s of after)
    for (const [name, v] of s.first.headers) {
      const token = given.find((g) => v.includes(g));
      if (token === undefined || name === 'cookie') continue;
      const template = t.echoes.templateFor(token, 'token', [login]);
      if (template === undefined) continue;
      t.journeyHeaders[name] = v.replace(token, template);
      return template.slice(2, -2);
    }
  return undefined;
}

/**
 * A sanitized export (Chrome's default) has no Authorization header: a login answer's field named as a
 * token (`accessToken`, `token`, `jwt`...) is then taken as a bearer token, with a note saying so.
 */
export function guessToken(steps: Step[], login: Step, t: Templater): string | undefined {
  const sanitized = steps.every((s) => !s.first.headers.has('authorization') && s.first.cookies.size === 0);
  const json = jsonOf(login);
  if (!sanitized || json === null || typeof json !== 'object') return undefined;
  const queue: [unknown, string][] = [[json, '$']];
  while (queue.length > 0) {
    const [v, at] = queue.shift()!;
    if (v === null || typeof v !== 'object') continue;
    for (const [k, x] of Object.entries(v)) {
      if (
        typeof x === 'string' &&
        x.length >= 16 &&
        /^(access_?token|auth_?token|id_?token|token|jwt)$/i.test(k)
      ) {
        const template = t.echoes.templateFor(x, 'token', [login]);
        if (template === undefined) return undefined;
        t.journeyHeaders.authorization = `Bearer ${template}`;
        return template.slice(2, -2);
      }
      if (/^[A-Za-z_$][\w$]*$/.test(k)) queue.push([x, `${at}.${k}`]);
    }
  }
  return undefined;
}

/** The cookie the login set (on the app) that later requests sent back: the session cookie. */
export function findSessionCookie(loginSteps: Step[], after: Step[], app: URL): string | undefined {
  const set = new Map<string, string>();
  for (const s of loginSteps)
    for (const h of s.hops) if (h.url.origin === app.origin) for (const [k, v] of h.setCookies) set.set(k, v);
  const sentBack = [...set].filter(([k, v]) => after.some((s) => s.first.cookies.get(k) === v));
  const named = sentBack.find(([k]) => /sess|sid|auth|token|connect|jsession/i.test(k));
  return (named ?? sentBack[0])?.[0];
}

/** The who-am-I: the first GET after the login whose answer names the user (a JSON field, or the page's text). */
export function findWhoami(
  after: Step[],
  username: string,
  sources: Step[],
  t: Templater,
): { spec: RequestSpec & { identity: CaptureInput }; step: Step } | undefined {
  if (username === '') return undefined;
  for (const s of after) {
    if (s.first.method !== 'GET' || s.last.status >= 300) continue;
    const json = jsonOf(s);
    const at = json === undefined ? undefined : jsonPathOf(json, username);
    let identity: CaptureInput | undefined = at;
    if (identity === undefined && s.last.mime.includes('html')) {
      const i = s.last.text.indexOf(username);
      const before = i < 0 ? '' : s.last.text.slice(Math.max(0, i - 20), i).replace(/^[^\n]*\n/, '');
      if (before.trim().length >= 3)
        identity = `/${before.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}([^<"'\\s]+)/`;
    }
    if (identity !== undefined) return { spec: { ...t.request(s, sources), identity }, step: s };
  }
  return undefined;
}

function leaves(v: unknown, at = ''): [string, string][] {
  if (typeof v === 'string' || typeof v === 'number') return [[at, String(v)]];
  if (v !== null && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => leaves(x, at ? `${at}.${k}` : k));
  return [];
}

function replaceLeaf(body: unknown, recorded: string): unknown {
  if ((typeof body === 'string' || typeof body === 'number') && String(body) === recorded) return '{{value}}';
  if (Array.isArray(body)) return body.map((x) => replaceLeaf(x, recorded));
  if (body !== null && typeof body === 'object')
    return Object.fromEntries(Object.entries(body).map(([k, x]) => [k, replaceLeaf(x, recorded)]));
  return body;
}

/** Session data: a write after the login whose value a later GET answers back (the read). */
export function findData(
  after: Step[],
  sources: Step[],
  t: Templater,
): { write: RequestSpec & { value: string }; read: RequestSpec & { value: string } } | undefined {
  for (const w of after) {
    if (w.first.method === 'GET' || LOGOUT_PATH.test(w.first.url.pathname)) continue;
    const body = w.first.json ?? (w.first.form ? Object.fromEntries(w.first.form) : undefined);
    for (const [, v] of leaves(body)) {
      if (v === '' || t.text(v, '', []) !== v) continue;
      for (const r of after.filter((s) => s.index > w.index && s.first.method === 'GET')) {
        const readAt = jsonPathOf(jsonOf(r), v);
        if (readAt === undefined) continue;
        const spec = t.request(w, sources);
        const writeAt = jsonPathOf(jsonOf(w), v) ?? readAt;
        return {
          write: { ...spec, body: replaceLeaf(spec.body, v) as RequestSpec['body'], value: writeAt },
          read: { ...t.request(r, sources), value: readAt },
        };
      }
    }
  }
  return undefined;
}

/**
 * The logout: the first request after the login to a logout path. A value it echoes from a page that is
 * no journey step (a fresh CSRF token on the home page) makes that page a logout step before it.
 */
export function findLogout(
  after: Step[],
  sources: Step[],
  journeySteps: Set<number>,
  t: Templater,
): StepSpec[] | undefined {
  const out = after.find((s) => LOGOUT_PATH.test(s.first.url.pathname));
  if (out === undefined) return undefined;
  const pages = after.filter((s) => s.index < out.index && s.first.method === 'GET').reverse();
  const spec = t.request(out, [...sources, ...pages]);
  const before = pages
    .filter((p) => !journeySteps.has(p.index) && t.capturesOf(p) !== undefined)
    .map((p): StepSpec => ({ method: 'GET', path: pathOf(p.first.url), capture: t.capturesOf(p)! }));
  return [...before, spec];
}

/** The response header naming the node that answered, when answers carry one. */
export function findNodeHeader(steps: Step[]): string | undefined {
  for (const s of steps)
    for (const h of s.hops) for (const k of h.answerHeaders.keys()) if (NODE_HEADER.test(k)) return k;
  return undefined;
}
