import type { DataSemantics } from '../scenario/journey.ts';

/** Everything the checkers need to know about the target and how strict to be. */
export interface CheckOptions {
  /** Path of the login page: a redirect there means "not authenticated". */
  loginPath?: string;
  /** Name of the session cookie (a new one replacing the VU's own = lost session). */
  sessionCookie?: string;
  /** The target's idle session timeout: a 401 after this much inactivity is expected. */
  idleTimeoutMs?: number;
  /** The target's absolute session lifetime. */
  absoluteTimeoutMs?: number;
  /** Time after an acknowledged logout before the old cookie must be refused everywhere. */
  logoutGraceMs?: number;
  /** Window for rate checks (unauthorized spike, error spike, hotspot samples). */
  windowMs?: number;
  /** Windows before the current one that form the unauthorized-rate baseline. */
  baselineWindows?: number;
  /** A window's 401/403 share must exceed this to be a spike... */
  unauthorizedRate?: number;
  /** ...and exceed the baseline by this factor. */
  unauthorizedFactor?: number;
  /** Windows with fewer completions are not judged (too few to call a rate). */
  minWindowRequests?: number;
  /** Share of a window's active VUs that must see errors for an outage/spike. */
  errorShare?: number;
  /** Windows with fewer active VUs are not judged. */
  minWindowVus?: number;
  /** Redirect hops allowed before a navigation counts as a loop. */
  hopCap?: number;
  /** Hotspot tolerance: a node's share must stay under (1/N)(1+ε). */
  hotspotEpsilon?: number;
  /** Window over which node shares are judged (longer than `windowMs`: shares need samples). */
  hotspotWindowMs?: number;
  /** Fewest live sessions (or requests) before a share is judged. */
  hotspotMinSamples?: number;
  /** Number of app nodes, when known (else: the nodes seen in the history). */
  nodes?: number;
  /** How long after a fault heals its effects are still attributed to it. */
  afterFaultMs?: number;
  /** VU ids kept per finding. */
  sampleSize?: number;
  /**
   * What a session write does (the journey's `write.semantics`, default `set`), so how
   * stale-read and lost-update judge reads: `increment` checks counts against the increments
   * acknowledged, `append` that every acknowledged item is in every list read after it
   * (Jepsen's counter and list-append workloads).
   */
  dataSemantics?: DataSemantics;
  /**
   * Under `increment` and `append`: how long a session's reads must keep missing an
   * acknowledged write, without a later read catching up before the session ends, for it to
   * count as lost (`lost-update`) rather than late (`stale-read`). A lagging replica catches up
   * within it; a session ending sooner cannot tell the two apart, and the weaker claim is made.
   */
  lostAfterMs?: number;
  /**
   * Share (0..1) of the load's users that tried to log in who must have logged in at least
   * once, or the run is `unknown` (the journey, not the session store, was what failed).
   */
  minLoggedIn?: number;
}

/** {@link CheckOptions} with every default filled in. */
export type ResolvedCheckOptions = Required<Omit<CheckOptions, 'nodes'>> & { nodes: number | undefined };

/** The defaults: the lab app's contract and conservative thresholds. */
export const DEFAULT_CHECK_OPTIONS: ResolvedCheckOptions = {
  loginPath: '/login',
  sessionCookie: 'sid',
  idleTimeoutMs: 30 * 60_000,
  absoluteTimeoutMs: 24 * 3_600_000,
  logoutGraceMs: 1_000,
  windowMs: 1_000,
  baselineWindows: 5,
  unauthorizedRate: 0.05,
  unauthorizedFactor: 3,
  minWindowRequests: 20,
  errorShare: 0.5,
  minWindowVus: 5,
  hopCap: 10,
  hotspotEpsilon: 0.25,
  hotspotWindowMs: 10_000,
  hotspotMinSamples: 100,
  nodes: undefined,
  afterFaultMs: 10_000,
  sampleSize: 10,
  dataSemantics: 'set',
  lostAfterMs: 1_000,
  // A demanding default: a tenth of the users refused at login is a broken journey or a
  // broken target, not a run to call a pass; users still logging in when the run ends don't count.
  minLoggedIn: 0.9,
};

/** Fills in defaults (an explicit `undefined` keeps the default). */
export function resolveCheckOptions(options: CheckOptions = {}): ResolvedCheckOptions {
  const resolved: ResolvedCheckOptions = { ...DEFAULT_CHECK_OPTIONS };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  return resolved;
}
