import {
  COOKIE_VARIABLE_PREFIX,
  isFormStep,
  isPauseStep,
  stepsOf,
  templateVariables,
  type JourneySpec,
  type StepSpec,
} from '@sessionchaos/core';
import { describeCapture } from './capture.ts';
import type { Lookup } from './lookup.ts';

/** Built-in variables that always have a value: a step using only these is never short of one. */
const ALWAYS_SET: ReadonlySet<string> = new Set(['vu', 'username', 'password', 'iteration']);

/** The text every "a value is missing" reason holds: the walk's diagnosis recognises it by this. */
export const NO_VALUE = 'has no value';

/**
 * The variables of `templates` that may have no value when the step is built (captures, cookies,
 * `{{value}}`), each once; `undefined` when there are none, so the per-request check is one test.
 */
export function mayBeMissing(templates: Iterable<string>): string[] | undefined {
  const names = new Set<string>();
  for (const t of templates) for (const n of templateVariables(t)) if (!ALWAYS_SET.has(n)) names.add(n);
  return names.size > 0 ? [...names] : undefined;
}

/** Every string of a step's body, where its templates are. */
export function bodyStrings(body: unknown, out: string[] = []): string[] {
  if (typeof body === 'string') out.push(body);
  else if (typeof body === 'number' || typeof body === 'boolean') out.push(String(body));
  else if (Array.isArray(body)) for (const v of body) bodyStrings(v, out);
  else if (body !== null && typeof body === 'object')
    for (const v of Object.values(body)) bodyStrings(v, out);
  return out;
}

/**
 * The first of `names` that `lookup` has no value for, or undefined. Present means not `undefined`:
 * a capture that matched an empty string, or an empty password, is a value. Runs on every request
 * of a step that uses such variables, so it allocates nothing; `skipCookies` leaves cookie variables
 * out (checked before the page that may set them is opened).
 */
export function firstMissing(
  names: readonly string[],
  lookup: Lookup,
  skipCookies = false,
): string | undefined {
  for (const name of names) {
    if (skipCookies && name.startsWith(COOKIE_VARIABLE_PREFIX)) continue;
    if (lookup(name) === undefined) return name;
  }
  return undefined;
}

/** A step as a person finds it in the journey: `visit step 1 of 2 (GET /login)`. */
function stepName(role: string, i: number, count: number, s: StepSpec): string {
  const which = count > 1 ? `${role} step ${i + 1} of ${count}` : role;
  const what = isFormStep(s)
    ? `form on ${s.form.page ?? 'the current page'}`
    : isPauseStep(s)
      ? `pause ${s.pause}`
      : `${s.method} ${s.path}`;
  return `${which} (${what})`;
}

/** Where the journey captures `name`: each step and capture that should have set it. */
function captureSources(name: string, journey: JourneySpec): string[] {
  const out: string[] = [];
  const roles: [string, StepSpec[]][] = [
    ['visit', stepsOf(journey.visit)],
    ['login', stepsOf(journey.login)],
    ['whoami', [journey.whoami]],
    ['write', stepsOf(journey.write)],
    ['read', stepsOf(journey.read)],
    ['logout', stepsOf(journey.logout)],
  ];
  for (const [role, steps] of roles)
    steps.forEach((s, i) => {
      const input = s.capture?.[name];
      if (input !== undefined)
        out.push(`${describeCapture(input)} on the ${stepName(role, i, steps.length, s)}`);
    });
  return out;
}

/**
 * Why a step could not be built: which value is missing and where it was to come from (the step
 * and capture that should have set it, the cookie no answer has set), for the op's `not-sent` error.
 */
export function missingValueReason(name: string, journey: JourneySpec, cookieUrl: string): string {
  const head = `{{${name}}} ${NO_VALUE}`;
  if (name.startsWith(COOKIE_VARIABLE_PREFIX))
    return `${head}: no answer has set cookie ${name.slice(COOKIE_VARIABLE_PREFIX.length)} for ${cookieUrl} in this user's jar`;
  if (name === 'value') return `${head}: only a write step has a value to send`;
  const sources = captureSources(name, journey);
  if (sources.length === 0) return `${head}: no step of the journey captures it`;
  return `${head}: the capture that sets it, ${sources.join(' or ')}, found nothing in an earlier answer (or that step did not succeed or has not run yet)`;
}
