import { parseDuration } from '../duration.ts';
import { duration, type FieldTable } from '../fields/field.ts';
import { isObject, unknownKeys } from '../spec-fields.ts';
import { defineStepKind } from './step-kind.ts';

/** Longest pause inside a role: a user reading a page, not a think time (`load.think`) nor a schedule. */
export const MAX_PAUSE_MS = 60_000;

/** `{pause: 2s}`: its one field. */
export const PAUSE_STEP_FIELDS = {
  pause: {
    ...duration(
      `How long the user stays on the page before the next step (at most ${MAX_PAUSE_MS / 1000}s); not the last step of a role.`,
      '2s',
    ),
    required: true,
  },
} satisfies FieldTable;

/**
 * A pause inside a role that takes several steps: the user reads the page (a login form, a consent page) before
 * the next step, as a browser user does. No request and no op: it only spaces the steps, so a session that
 * expires or a node that fails between them shows. Ended early when the run stops.
 */
export const PAUSE_STEP_KIND = defineStepKind({
  name: 'pause',
  marker: 'pause',
  title: 'a pause',
  intro:
    'Waits before the next step of `visit`, `login` or `logout` (the user reading a page); sends nothing, records nothing. It cannot end a role: the last step is what the role records.',
  fields: PAUSE_STEP_FIELDS,
  canEnd: false,
  validate: (checks, at, step) => {
    if (!isObject(step)) return;
    unknownKeys(checks.errors, at, step, Object.keys(PAUSE_STEP_FIELDS));
    const ms = parseDuration(step.pause);
    if (typeof ms !== 'number') checks.errors.add(`${at}.pause`, ms.error);
    else if (ms <= 0 || ms > MAX_PAUSE_MS)
      checks.errors.add(`${at}.pause`, `must be more than 0 and at most ${MAX_PAUSE_MS / 1000}s (e.g. 2s)`);
  },
});
