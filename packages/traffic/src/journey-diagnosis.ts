import { isFormStep, isPauseStep, stepsOf, type JourneySpec } from '@sessionchaos/core';
import type { CheckedStep, JourneyProblem } from './checked-step.ts';
import type { FormSummary } from './form-summary.ts';
import { NO_VALUE } from './missing-value.ts';

/** The last page with a login form seen before step `upTo`. */
function loginFormBefore(steps: CheckedStep[], upTo: number): FormSummary | undefined {
  for (let i = upTo; i >= 0; i--) {
    const f = steps[i]!.forms.find((x) => x.hasPassword) ?? steps[i]!.forms[0];
    if (f) return f;
  }
  return undefined;
}

function sentFields(journey: JourneySpec): string[] {
  const names: string[] = [];
  for (const s of stepsOf(journey.login)) {
    if (isFormStep(s)) names.push(...Object.keys(s.form.fields ?? {}));
    else if (!isPauseStep(s) && s.body && typeof s.body === 'object' && !Array.isArray(s.body))
      names.push(...Object.keys(s.body));
  }
  return names;
}

function route(s: CheckedStep): string {
  const hops = s.op.hops ?? [];
  if (hops.length <= 1)
    return `${s.op.method} ${s.op.url} answered ${s.op.status ?? `nothing (${s.op.error})`}`;
  return `${s.op.method} ${s.op.url} ended at ${hops[hops.length - 1]!.url} (${s.op.status}) after ${hops.length - 1} redirect(s)`;
}

/** The fix for a step not sent for want of a value, by where the value was to come from. */
function missingValueFix(error: string): string {
  if (/\{\{cookie\./.test(error))
    return 'check that an earlier answer sets that cookie (each step above lists the cookies it set), or read the value from the answer with a capture';
  if (/\{\{value\}\}/.test(error)) return 'use {{value}} only in the write step';
  return "check the capture's source: its regex, JSON path or CSS selector against the answer of the step that captures it (walk the journey and read that answer), and that this step runs after it";
}

/** Explains why step `i` failed, from what came back and what the journey sends. */
export function diagnose(steps: CheckedStep[], i: number, journey: JourneySpec): JourneyProblem {
  const s = steps[i];
  if (!s) return { problem: 'the journey made no request', fix: 'give target.journey.login and whoami' };
  const op = s.op;
  const body = s.bodyStart ? ` The answer starts: "${s.bodyStart.slice(0, 160)}".` : '';
  const at = { step: i };
  // Named failures first: each says what the history shows, not a guess at silence or anonymity.
  if (op.error?.startsWith('headers-too-large') === true)
    return {
      ...at,
      problem: `${op.method} ${op.url} answered, but ${op.error.slice(op.error.indexOf(':') + 2)}.`,
      fix: 'find what sets so many or so large cookies (the headers of this answer), or raise the client limit with NODE_OPTIONS=--max-http-header-size=<bytes>',
    };
  if (op.error?.startsWith('response-too-large') === true)
    return {
      ...at,
      problem: `${op.method} ${op.url}: ${op.error.slice(op.error.indexOf(':') + 2)}.${body}`,
      fix: `point the ${s.role} at a smaller answer, or raise journey.maxBodyBytes above the answer's size (it is read whole for every request of every user)`,
    };
  if (op.notSent === true)
    return {
      ...at,
      problem: `the ${s.role} was not sent: ${op.error?.replace(/^not-sent: /, '')}.`,
      fix:
        op.error?.includes(NO_VALUE) === true
          ? missingValueFix(op.error)
          : /origin/.test(op.error ?? '')
            ? 'add the origin to journey.allowedOrigins'
            : 'point form.page at the page that holds the form, or give form.selector (a page that already shows the user logged in has no login form)',
    };
  if (op.status === undefined && !/capture|form|origin/.test(op.error ?? ''))
    return {
      ...at,
      problem: `${op.method} ${op.url} got no answer: ${op.error}.`,
      fix: 'check that the target runs and that the path is right (is it behind a prefix?)',
    };
  if (op.error && /capture/.test(op.error))
    return {
      ...at,
      problem: `${op.error}.${body}`,
      fix: 'look at the answer above and correct the capture (a regex for regex, a JSON path for json, a CSS selector for html), or capture from the step that shows the value',
    };
  if (op.error && /form|origin/.test(op.error))
    return {
      ...at,
      problem: `${op.error}.`,
      fix: 'point form.page at the page that holds the form, or give form.selector',
    };
  if (s.role === 'login') {
    const form = loginFormBefore(steps, i);
    const missing = form ? form.hidden.filter((h) => !sentFields(journey).includes(h)) : [];
    const formStep = stepsOf(journey.login).some(isFormStep);
    // The CSRF hint rests on a 403 at login: a login page that merely carries a token field
    // (shown again after a refused login) is no evidence of a CSRF check.
    if (op.status === 403 && missing.length > 0 && !formStep)
      return {
        ...at,
        problem: `the login was refused: ${route(s)}.${body} The login page's form has hidden field(s) ${missing.join(', ')} that the login does not send (a CSRF token).`,
        fix: `submit the page's form with its hidden fields: login: {form: {page: ${journey.loginPage}, fields: {${form!.fields.map((f) => `${f}: ...`).join(', ')}}}}, or capture the token on the page ({html: "input[name=${missing[0]}]"}) and send it`,
      };
    if (op.status === 403)
      return {
        ...at,
        problem: `the login was refused: ${route(s)}.${body}`,
        fix: 'a 403 at login is usually a CSRF token or an Origin/Referer check: send the token the login page carries (a form step keeps hidden fields), or the header the app expects',
      };
    if (op.status === 401 || op.status === 422 || op.status === 400)
      return {
        ...at,
        problem: `the login was refused: ${route(s)}.${body}`,
        fix: `check the credentials (this user is ${JSON.stringify(op.user)}) and the field names the app expects${form ? ` (its form has ${form.fields.join(', ')})` : ''}`,
      };
    return {
      ...at,
      problem: `the login did not log in: ${route(s)}, which is the login page (${journey.loginPage}) or not a success.${body}`,
      fix: `the credentials were refused or a field is missing: check credentials and the field names${form ? ` (the form has ${[...form.fields, ...form.hidden].join(', ')})` : ''}`,
    };
  }
  if (s.role === 'whoami') {
    if (op.identity === null || op.identity === undefined) {
      const loginSets = steps
        .filter((x) => x.role === 'login')
        .flatMap((x) => (x.op.hops ?? []).flatMap((h) => h.set.map((c) => c.name)));
      const hint =
        journey.sessionToken !== undefined
          ? `the token is sent as ${JSON.stringify(journey.headers ?? {})}`
          : loginSets.length > 0
            ? `the login set cookie(s) ${[...new Set(loginSets)].join(', ')}`
            : 'the login set no cookie';
      return {
        ...at,
        problem: `after the login, whoami answered as nobody: ${route(s)}.${body}`,
        fix: `either the session was not kept (${hint}; is sessionCookie ${JSON.stringify(journey.sessionCookie)} one of them?) or whoami.identity matched nothing in the answer: correct it to where the user's name is`,
      };
    }
    return {
      ...at,
      problem: `whoami names ${JSON.stringify(op.identity)}, not this user ${JSON.stringify(op.user)}.`,
      fix: 'the identity must read as credentials.username does (the checkers compare them to find leaks): point whoami.identity at that field, or change the credentials template',
    };
  }
  if (s.role === 'read')
    return {
      ...at,
      problem: `${route(s)} and read ${JSON.stringify(op.value)} right after the write.${body}`,
      fix: `the read must show what the write did (semantics ${journey.write?.semantics ?? 'set'}): check read.value and write.semantics`,
    };
  return {
    ...at,
    problem: `${s.role} failed: ${route(s)}.${op.error ? ` ${op.error}.` : ''}${body}`,
    fix: `check the ${s.role} request (method, path, body, headers) against the app`,
  };
}
