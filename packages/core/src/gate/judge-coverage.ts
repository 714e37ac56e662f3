import type { Coverage } from './coverage.ts';
import { faultShortfall } from './fault-coverage.ts';
import { WHOAMI_NOT_NAMING } from './coverage.ts';

/** A run's coverage, and whether it was enough for the gate to mean anything. */
export interface JudgedCoverage extends Coverage {
  /** False when the run did not exercise the journey: the verdict is then `unknown` at best. */
  sufficient: boolean;
  /** What went wrong with the journey, in words (`0 of 10 users ever logged in: ...`), when not sufficient. */
  diagnosis?: string;
  /** What to do about it, when not sufficient. */
  fix?: string;
  /** Required faults that did not take effect, named with why: the verdict is then `unknown` at best. */
  faultShortfall?: string;
}

/** The fix every journey diagnosis points to: walking the journey once shows the failing step. */
export const JOURNEY_FIX =
  'run `sessionchaos journey <scenario>` to walk the journey once and see which step fails';

const percent = (share: number): string => `${Math.round(share * 100)}%`;

function refusals(c: Coverage, attempts: number, ok: number): string {
  const r = c.loginRefusal;
  const logins = `${attempts} login${attempts === 1 ? '' : 's'}`;
  if (r === null) return logins;
  const how =
    r.outcome === 'no answer'
      ? 'unanswered'
      : /^\d+$/.test(r.outcome)
        ? `refused (${r.outcome})`
        : `failed (${r.outcome})`;
  if (ok === 0 && r.count === attempts) return `${logins}, all ${how}`;
  const failed = attempts - ok;
  return `${logins}, ${ok === 0 ? 'none' : ok} succeeded; commonest failure of ${failed}: ${how} x${r.count}`;
}

/**
 * Judges whether a run exercised the journey enough to be judged at all. It did not when:
 * no login succeeded (or, when logins were tried in steady state, none succeeded there: a
 * login refused only while a fault is active is the fault's effect, not a broken journey);
 * fewer than `minLoggedIn` (a share, 0..1) of the users that tried to log in ever did; or no
 * `whoami` ever named the user that logged in (the session is never shown to work, so no
 * checker can tell a lost session from a kept one).
 */
export function judgeCoverage(c: Coverage, minLoggedIn: number): JudgedCoverage {
  const u = c.users;
  const login = c.roles.login;
  const who = `${u.loggedIn} of ${u.total} user${u.total === 1 ? '' : 's'} ever logged in`;
  const shortfall = faultShortfall(c.faults);
  const faults = shortfall === undefined ? {} : { faultShortfall: shortfall };
  let diagnosis: string | undefined;
  const w = c.roles.whoami;
  // Logins that answered but whose whoami never named the user: the whoami is what to look at.
  const whoamiFailed = w.attempts > 0 && w.ok === 0 && c.loginRefusal?.outcome.endsWith(WHOAMI_NOT_NAMING);
  if (login.attempts === 0) {
    diagnosis = `${who}: no login was attempted (or none completed)`;
  } else if (login.ok === 0 && !whoamiFailed) {
    diagnosis = `${who}: ${refusals(c, login.attempts, login.ok)}`;
  } else if (c.steadyLogins.attempts > 0 && c.steadyLogins.ok === 0 && !whoamiFailed) {
    diagnosis =
      `no login succeeded outside fault windows: ${c.steadyLogins.attempts} tried in steady state, ` +
      `all failed (${login.ok} succeeded only during or just after a fault)`;
  } else if (u.triedLogin > 0 && u.loggedIn / u.triedLogin < minLoggedIn && !whoamiFailed) {
    diagnosis =
      `${who} (${percent(u.loggedIn / u.triedLogin)} of the ${u.triedLogin} that tried, ` +
      `below check.minLoggedIn ${percent(minLoggedIn)}): ${refusals(c, login.attempts, login.ok)}`;
  } else if (w.ok === 0 || whoamiFailed) {
    diagnosis =
      w.attempts === 0
        ? `${who}, but no whoami completed: nothing showed that a session works`
        : `whoami never confirmed the logged-in user's identity: ${w.attempts} whoami request` +
          `${w.attempts === 1 ? '' : 's'}, none named the user (check target.journey.whoami.identity)`;
  }
  if (diagnosis === undefined) return { ...c, ...faults, sufficient: true };
  return { ...c, ...faults, sufficient: false, diagnosis, fix: JOURNEY_FIX };
}
