import type { FindingKind } from '@sessionchaos/core';

/**
 * The bugs the broken target can switch on, one per finding kind the checkers report (the bug
 * is named for the kind it should be flagged as). What each one does, as an operator would
 * describe it:
 */
export const BUG_BEHAVIOUR = {
  'lost-session': 'the session store evicts one logged-in session every 100 ms (memory pressure)',
  'transient-refusal':
    'three API requests in ten answer 401 at random, though every session stays valid (a flapping auth check)',
  'unauthorized-spike': 'the login refuses valid credentials with 401 (the identity backend is down)',
  'redirect-loop':
    'the login page redirects to / (a bad rewrite), and / sends anonymous users to the login page',
  'stale-read': 'every node but app-1 reads session data from a replica that lags 400 ms behind',
  'lost-update':
    'overlapping writes to one session are merged badly: the copy from before them is saved last',
  'cross-user-leak': 'app-2 answers /api/me with the user of the request it served before (a shared cache)',
  'session-fixation':
    'the login keeps the session id the browser held before it instead of issuing a new one',
  'logout-not-propagated':
    'a logout is recorded only on the node that served it; other nodes still accept the cookie',
  hotspot: 'the balancer sends four requests in five to app-1',
  'store-outage': 'every node answers 503 to every request (the shared session store is down)',
  'error-spike': 'app-2 answers 500 to every request (one broken node)',
} as const satisfies Record<FindingKind, string>;

/** A bug of the broken target; its name is the finding kind it should be flagged as. */
export type Bug = keyof typeof BUG_BEHAVIOUR;

/** Every bug, in the core's finding-kind order. */
export const BUGS = Object.keys(BUG_BEHAVIOUR) as Bug[];

/** Whether `name` names a bug (for the admin endpoint's input). */
export function isBug(name: string): name is Bug {
  return Object.hasOwn(BUG_BEHAVIOUR, name);
}
