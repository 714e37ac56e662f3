import type { Coverage } from './coverage.ts';
import { JOURNEY_ROLES } from './coverage.ts';
import { faultCoverageWords } from './fault-coverage.ts';

/** `logged in 0/10 users`: the load's users that ever logged in, of all seen (the dashboard's short form). */
export function loggedInWords(c: Coverage): string {
  return `logged in ${c.users.loggedIn}/${c.users.total} user${c.users.total === 1 ? '' : 's'}`;
}

/**
 * A run's coverage in one line, shown next to every verdict: users logged in, then successes
 * over attempts per journey step (login and whoami always, the optional steps when tried):
 * `logged in 10/10 users; ok/tried: login 10/10, whoami 40/40, read 12/12`, then the faults when
 * any was planned (`; faults effective 1/1`).
 */
export function coverageWords(c: Coverage): string {
  const steps = JOURNEY_ROLES.filter((r) => r === 'login' || r === 'whoami' || c.roles[r].attempts > 0).map(
    (r) => `${r} ${c.roles[r].ok}/${c.roles[r].attempts}`,
  );
  const faults = faultCoverageWords(c.faults);
  return `${loggedInWords(c)}; ok/tried: ${steps.join(', ')}${faults ? `; ${faults}` : ''}`;
}
