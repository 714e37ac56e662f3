import type { PageFormSpec, RequestSpec, StepSpec } from '@sessionchaos/core';
import { pathOf, type Exchange, type Step } from './har-steps.ts';
import type { Templater } from './templater.ts';

const PASSWORD_FIELD = /^(j_)?(pass(word)?|passwd|pwd|pin|user_?password|current-password)$/i;
const USERNAME_FIELD = /^(j_)?(user(name)?|login|e-?mail|user_?(id|name|email)|account|identifier|name)$/i;

/** The login as recorded: the request carrying the password, its username, and where it sits. */
export interface RecordedLogin {
  /** The step whose first request carries the password. */
  step: Step;
  username: string;
  password: string;
  usernameField: string;
  passwordField: string;
}

/** The body's fields as (name, value): a form's, or a JSON body's string leaves by their key (nested too). */
function fieldsOf(x: Exchange): [string, string][] {
  if (x.form) return [...x.form];
  const out: [string, string][] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') out.push([key, v]);
    else if (v !== null && typeof v === 'object') for (const [k, w] of Object.entries(v)) walk(w, k);
  };
  walk(x.json, '');
  return out;
}

/** The last request that sent a password field with a value (a first try mistyped is passed over). */
export function findRecordedLogin(steps: Step[]): RecordedLogin | undefined {
  for (const step of [...steps].reverse()) {
    const fields = fieldsOf(step.first);
    const pw = fields.find(([k, v]) => PASSWORD_FIELD.test(k) && v !== '');
    if (!pw) continue;
    const user =
      fields.find(([k]) => USERNAME_FIELD.test(k)) ??
      fields.find(([k]) => /user|login|mail/i.test(k) && !PASSWORD_FIELD.test(k));
    return {
      step,
      username: user?.[1] ?? '',
      password: pw[1],
      usernameField: user?.[0] ?? '',
      passwordField: pw[0],
    };
  }
  return undefined;
}

/** The step whose answer showed the page the login was sent from (the Referer, else the last page before). */
function pageBefore(steps: Step[], login: Step): Step | undefined {
  const referer = login.first.headers.get('referer');
  const earlier = steps.slice(0, login.index).reverse();
  return (
    earlier.find((s) => s.hops.some((h) => h.url.href === referer) && s.last.url.href === referer) ??
    earlier.find((s) => s.last.mime.includes('html') && s.first.method === 'GET')
  );
}

/** What the login steps of the journey are, and what they say about the app. */
export interface LoginPlan {
  steps: StepSpec[];
  /** The journey steps' recorded counterparts, in order (the last one logs in). */
  recorded: Step[];
  /** The path a not-logged-in user is sent to. */
  loginPage: string;
  note: string;
  allowedOrigins: string[];
  /** The last recorded step of the login (the callback back on the app, for an identity provider). */
  end: Step;
}

/**
 * The journey's login, from the recorded one: on the app itself, the page that served the form (and any
 * page a sent value came from) then the request with the password; through an identity provider (the
 * password sent to another origin), one step on the app that follows the redirects and fills the
 * provider's forms on the way back to the app's callback.
 */
export function planLogin(steps: Step[], app: URL, rec: RecordedLogin, t: Templater): LoginPlan {
  const before = pageBefore(steps, rec.step);
  // The page is replayed only when it showed the login form (Tomcat saves the request that served it).
  const page = before && /type\s*=\s*["']?password/i.test(before.last.text) ? before : undefined;
  if (rec.step.first.url.origin !== app.origin && page && page.first.url.origin === app.origin)
    return providerLogin(steps, app, rec, page, t);
  const earlier = steps
    .slice(0, rec.step.index)
    .filter((s) => s.first.url.origin === app.origin)
    .reverse();
  const sources = page ? [page, ...earlier.filter((s) => s !== page)] : earlier;
  const post = t.request(rec.step, sources);
  const used = new Set([...t.echoes.captures.keys()]);
  const recorded = sources.filter((s) => s === page || used.has(s.index)).sort((a, b) => a.index - b.index);
  recorded.push(rec.step);
  const formPage = page ? pathOf(page.last.url) : undefined;
  // A page that answered the form in place (Tomcat) and answers the user after the login is no login page.
  const inPlace =
    page !== undefined &&
    steps.some(
      (s) => s.index > rec.step.index && s.last.url.href === page.last.url.href && s.last.status < 300,
    );
  const loginPage = formPage !== undefined && !inPlace ? formPage : pathOf(rec.step.first.url);
  const body = (post.body ?? {}) as Record<string, unknown>;
  const hidden = Object.keys(body).filter((k) => /\{\{(?!username|password)/.test(String(body[k])));
  return {
    steps: recorded.map((s) =>
      s === rec.step ? withCapture(post, t, s) : withCapture({ method: 'GET', path: t.path(s, []) }, t, s),
    ),
    recorded,
    loginPage,
    note:
      `the recording sent the password ${rec.step.first.method} ${pathOf(rec.step.first.url)}` +
      (page ? ` from the page ${pathOf(page.last.url)}` : '') +
      (inPlace
        ? ' (a page that served the form in place, and the user after the login: no login page)'
        : '') +
      (hidden.length > 0 ? `; ${hidden.join(', ')} came from an earlier answer and is captured from it` : ''),
    allowedOrigins: [],
    end: rec.step,
  };
}

function withCapture(spec: RequestSpec, t: Templater, s: Step): RequestSpec {
  const capture = t.capturesOf(s);
  return capture ? { ...spec, capture: { ...spec.capture, ...capture } } : spec;
}

function providerLogin(steps: Step[], app: URL, rec: RecordedLogin, page: Step, t: Templater): LoginPlan {
  const forms: PageFormSpec[] = [formFields(rec.step, page, t)];
  const origins = new Set<string>();
  const seen = (s: Step): void => {
    for (const h of s.hops) if (h.url.origin !== app.origin) origins.add(h.url.origin);
  };
  seen(page);
  seen(rec.step);
  let end = rec.step;
  let previous = rec.step;
  // Later forms on the provider (a consent page) until the browser is back on the app.
  for (const s of steps.slice(rec.step.index + 1)) {
    if (end.last.url.origin === app.origin) break;
    if (s.first.url.origin === app.origin || s.first.method !== 'POST') continue;
    forms.push(formFields(s, previous, t));
    seen(s);
    previous = s;
    end = s;
  }
  const start = page.first;
  return {
    steps: [{ method: 'GET', path: pathOf(start.url), forms }],
    recorded: [page],
    loginPage: pathOf(start.url),
    note:
      `the recording went from ${pathOf(start.url)} to the identity provider ${rec.step.first.url.origin}, ` +
      `sent the password there (${forms.length} form(s) on the way back)`,
    allowedOrigins: [...origins],
    end,
  };
}

/** The names of the hidden inputs of a page. */
function hiddenInputs(html: string): Set<string> {
  const out = new Set<string>();
  for (const tag of html.matchAll(/<input\b[^>]*>/gi))
    if (/type\s*=\s*["']?hidden/i.test(tag[0])) {
      const name = /name\s*=\s*["']?([^"'\s>]+)/i.exec(tag[0])?.[1];
      if (name) out.add(name);
    }
  return out;
}

/** The fields a provider's form step fills: the ones typed or chosen, not the hidden ones the page gives. */
function formFields(post: Step, page: Step, t: Templater): PageFormSpec {
  const all = [...(post.first.form ?? [])].map(([k, v]) => [k, t.text(v, k, [])] as [string, string]);
  const hidden = hiddenInputs(page.last.text);
  const typed = all.filter(([k, v]) => !hidden.has(k) || v.includes('{{'));
  return { fields: Object.fromEntries(typed.length > 0 ? typed : all) };
}
