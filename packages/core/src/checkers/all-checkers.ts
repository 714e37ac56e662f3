import type { CheckerFactory } from './checker.ts';
import { crossUserLeakChecker } from './cross-user-leak.ts';
import { errorSpikeChecker } from './error-spike.ts';
import { hotspotChecker } from './hotspot.ts';
import { logoutNotPropagatedChecker } from './logout-not-propagated.ts';
import { lostSessionChecker } from './lost-session.ts';
import { lostUpdateChecker } from './lost-update.ts';
import { redirectLoopChecker } from './redirect-loop.ts';
import { sessionFixationChecker } from './session-fixation.ts';
import { staleReadChecker } from './stale-read.ts';
import { unauthorizedSpikeChecker } from './unauthorized-spike.ts';

/**
 * Every checker, by name (store-outage and error-spike share one; lost-session also reports
 * transient-refusal: telling a loss from a transient refusal is one judgement of one refusal).
 */
export const CHECKERS = {
  'lost-session': lostSessionChecker,
  'unauthorized-spike': unauthorizedSpikeChecker,
  'redirect-loop': redirectLoopChecker,
  'stale-read': staleReadChecker,
  'lost-update': lostUpdateChecker,
  'cross-user-leak': crossUserLeakChecker,
  'session-fixation': sessionFixationChecker,
  'logout-not-propagated': logoutNotPropagatedChecker,
  hotspot: hotspotChecker,
  'error-spike': errorSpikeChecker,
} as const satisfies Record<string, CheckerFactory>;

/** The factories of {@link CHECKERS}, in report order. */
export const ALL_CHECKERS: readonly CheckerFactory[] = Object.values(CHECKERS);
