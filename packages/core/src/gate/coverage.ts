import { FaultTracker } from '../checkers/fault-windows.ts';
import { bounced, pathOf } from '../checkers/response.ts';
import type { FindingKind } from '../checkers/finding.ts';
import type { Op, VuOp } from '../history/op.ts';
import { isFaultOp } from '../history/op.ts';
import { VuSet } from '../checkers/vu-set.ts';
import { VuTable } from '../checkers/vu-table.ts';
import { type FaultCoverage, FaultCoverageTracker } from './fault-coverage.ts';

/** The journey steps whose attempts and successes a run's coverage counts. */
export const JOURNEY_ROLES = ['login', 'whoami', 'write', 'read', 'logout'] as const;

/** One of {@link JOURNEY_ROLES}. */
export type JourneyRole = (typeof JOURNEY_ROLES)[number];

/** Completed attempts of one journey step by the load's users, and those that succeeded. */
export interface RoleCoverage {
  attempts: number;
  ok: number;
}

/**
 * What a run actually exercised: which users got a session, and how each journey step fared.
 * A run that tested nothing must not pass: the gate reads this next to the findings.
 */
export interface Coverage {
  /**
   * The load's users (not the probes'): all seen, those that completed a login attempt (ok or
   * not), and those that ever logged in (a `login` completed `ok` and the whoami after it named them).
   */
  users: { total: number; triedLogin: number; loggedIn: number };
  /**
   * Per step; a `whoami` counts as ok only when it names the user the VU logged in as, a `write`
   * or `read` only when it was not bounced (refused, or sent to the login page). A step of a
   * multi-step role that failed (the `visit` before a login form looping) is a failed attempt of
   * that role.
   */
  roles: Record<JourneyRole, RoleCoverage>;
  /** Logins of the load outside fault windows and their `afterFaultMs` tails. */
  steadyLogins: RoleCoverage;
  /**
   * The commonest outcome of failed logins (`"403"`, `"200 on the login page"`, `"no answer"`,
   * `"not sent"`: the login could not be built, e.g. no form on the page), and how many had it.
   */
  loginRefusal: { outcome: string; count: number } | null;
  /** Per finding kind whose checker had nothing to look at: what was missing (`no successful read`). */
  nothingToJudge: Partial<Record<FindingKind, string>>;
  /** Fault occurrences planned (invoked), effective (confirmed) and failed, with each failure's reason. */
  faults: FaultCoverage;
}

/** How a login that answered but whose whoami did not name the user failed (after its status). */
export const WHOAMI_NOT_NAMING = ', then whoami not naming the user';

/** A login that completed `ok`, waiting for the identity check after it to say whether it logged in. */
interface UncheckedLogin {
  epoch: number;
  status: number | undefined;
  steady: boolean;
}

function roles(): Record<JourneyRole, RoleCoverage> {
  return {
    login: { attempts: 0, ok: 0 },
    whoami: { attempts: 0, ok: 0 },
    write: { attempts: 0, ok: 0 },
    read: { attempts: 0, ok: 0 },
    logout: { attempts: 0, ok: 0 },
  };
}

function isRole(step: string): step is JourneyRole {
  return (JOURNEY_ROLES as readonly string[]).includes(step);
}

/** The role an op is an attempt of: its step, or the multi-step role a failed `visit` ended. */
function roleOf(op: VuOp): JourneyRole | undefined {
  if (isRole(op.step)) return op.step;
  return op.step === 'visit' && op.role !== undefined && op.type !== 'ok' ? op.role : undefined;
}

/** How a failed login attempt ended, as the diagnosis names it. */
function loginOutcome(op: VuOp): string {
  // A login never sent (no form to submit) is an attempt that failed, but not a refusal.
  if (op.notSent === true) return 'not sent';
  if (op.status === undefined) return 'no answer';
  if (op.redirectLoop !== undefined) return 'redirect loop';
  if (op.status >= 400) return String(op.status);
  // A login answered below 400 fails only when it ended back on the login page; a step before it
  // (the login page, an identity provider's) fails on its expectations.
  return op.step === 'login' ? `${op.status} on the login page` : `${op.status} at ${pathOf(op.url ?? '/')}`;
}

/**
 * Counts a run's coverage from its ops in one streaming pass (memory: one entry per VU).
 * Probes are instruments: their ops do not count as the load's attempts, but what they did
 * counts as something the checkers could judge (a probe's logout feeds logout-not-propagated).
 */
export class CoverageTracker {
  readonly #faults: FaultTracker;
  readonly #faultCoverage = new FaultCoverageTracker();
  readonly #roles = roles();
  readonly #steady: RoleCoverage = { attempts: 0, ok: 0 };
  readonly #users = new VuSet();
  readonly #tried = new VuSet();
  readonly #loggedIn = new VuSet();
  /** The user each VU logs in as (from any op that names it). */
  readonly #userOf = new VuTable<string>();
  readonly #refusals = new Map<string, number>();
  readonly #nodes = new Set<string>();
  /** VUs with an ok write not yet followed by a read (lost-update needs one followed by a read). */
  readonly #wrote = new VuSet();
  readonly #loginPath: string;
  /** Reads of the load refused or sent to the login page: why stale-read may have had nothing to judge. */
  #bouncedReads = 0;
  /** Logins of the load that completed `ok`, not yet judged by a whoami. */
  readonly #unchecked = new VuTable<UncheckedLogin>();
  // What any VU (probes included) did that a checker needs.
  readonly #seen = { login: false, read: false, writeThenRead: false, logout: false, answered: false };

  /** `loginPath`: the journey's login page; a read or write sent there is no success. */
  constructor(afterFaultMs: number, loginPath = '/login') {
    this.#faults = new FaultTracker(afterFaultMs);
    this.#loginPath = loginPath;
  }

  /** Feeds one op, in history order. */
  feed(op: Op): void {
    if (isFaultOp(op)) {
      this.#faults.feed(op);
      this.#faultCoverage.feed(op);
      return;
    }
    if (op.user !== undefined) this.#userOf.set(op.process, op.user);
    const load = op.probe === undefined;
    if (load) this.#users.add(op.process);
    if (op.type === 'invoke') return;
    if (op.status !== undefined) this.#seen.answered = true;
    if (op.node !== undefined) this.#nodes.add(op.node);
    this.#basis(op);
    const name = load ? roleOf(op) : undefined;
    if (name === undefined) return;
    const ok = name === op.step && this.#succeeded(op);
    if (op.step === 'whoami') this.#check(op, ok);
    if (name !== 'login') {
      const role = this.#roles[name];
      role.attempts++;
      if (ok) role.ok++;
      else if (name === 'read' && op.step === 'read' && bounced(op, this.#loginPath)) this.#bouncedReads++;
      return;
    }
    this.#tried.add(op.process);
    const steady = this.#faults.at(op.time).phase === 'steady';
    // A login succeeds on evidence: its own answer is not enough (Tomcat shows its form again in
    // place, answering 200), the whoami after it must name the user. Judged when that comes.
    if (ok) this.#unchecked.set(op.process, { epoch: op.epoch, status: op.status, steady });
    else this.#login(false, steady, loginOutcome(op));
  }

  /** One login of the load judged: `outcome` says how a failed one failed. */
  #login(ok: boolean, steady: boolean, outcome = ''): void {
    this.#roles.login.attempts++;
    if (ok) this.#roles.login.ok++;
    else this.#refusals.set(outcome, (this.#refusals.get(outcome) ?? 0) + 1);
    if (steady) {
      this.#steady.attempts++;
      if (ok) this.#steady.ok++;
    }
  }

  /** A whoami of the load: it judges the login before it, if one waits (a 5xx or no answer does not). */
  #check(op: VuOp, named: boolean): void {
    const login = this.#unchecked.get(op.process);
    // A 5xx, no answer or an answer of unknown meaning (`info`: too large, cut off) says nothing yet;
    // any other answer does (a 2xx not naming anyone is anonymous).
    if (login === undefined || op.type === 'info' || op.status === undefined || op.status >= 500) return;
    this.#unchecked.delete(op.process);
    if (login.epoch !== op.epoch) return; // a new jar: that login's session is gone unjudged
    this.#login(named, login.steady, `${login.status ?? 'ok'}${WHOAMI_NOT_NAMING}`);
    if (named) {
      this.#loggedIn.add(op.process);
      this.#seen.login = true;
    }
  }

  /** The coverage so far; `nodes` is how many app nodes the scenario declares, when it does. */
  coverage(nodes?: number): Coverage {
    let refusal: Coverage['loginRefusal'] = null;
    for (const [outcome, count] of this.#refusals)
      if (refusal === null || count > refusal.count) refusal = { outcome, count };
    return {
      users: { total: this.#users.size, triedLogin: this.#tried.size, loggedIn: this.#loggedIn.size },
      roles: Object.fromEntries(JOURNEY_ROLES.map((r) => [r, { ...this.#roles[r] }])) as Coverage['roles'],
      steadyLogins: { ...this.#steady },
      loginRefusal: refusal,
      nothingToJudge: this.#nothingToJudge(nodes),
      faults: this.#faultCoverage.coverage(),
    };
  }

  #succeeded(op: VuOp): boolean {
    if (op.type !== 'ok') return false;
    if (op.step === 'read' || op.step === 'write') return !bounced(op, this.#loginPath);
    if (op.step !== 'whoami') return true;
    // A whoami only proves the session when it names the very user that logged in.
    const user = this.#userOf.get(op.process);
    return typeof op.identity === 'string' && user !== undefined && op.identity === user;
  }

  #basis(op: VuOp): void {
    const ok = op.type === 'ok';
    // The load's logins count once the whoami after them named the user (#check); a probe's as it answers.
    if (op.step === 'login' && ok) {
      if (op.probe !== undefined) this.#seen.login = true;
    } else if (op.step === 'logout' && ok) this.#seen.logout = true;
    // A bounced write was not applied; a bounced read, or one whose answer held no value, gave
    // stale-read and lost-update nothing to judge (a read of an empty value, `null`, is judged).
    else if (op.step === 'write' && ok && !bounced(op, this.#loginPath)) this.#wrote.add(op.process);
    else if (op.step === 'read' && ok && op.value !== undefined && !bounced(op, this.#loginPath)) {
      this.#seen.read = true;
      if (this.#wrote.has(op.process)) this.#seen.writeThenRead = true;
    }
  }

  #nothingToJudge(nodes: number | undefined): Partial<Record<FindingKind, string>> {
    const s = this.#seen;
    const out: Partial<Record<FindingKind, string>> = {};
    if (!s.answered)
      for (const k of ['redirect-loop', 'store-outage', 'error-spike'] as const)
        out[k] = 'no request was answered';
    if (!s.login)
      for (const k of ['lost-session', 'unauthorized-spike', 'cross-user-leak', 'session-fixation'] as const)
        out[k] = 'no successful login';
    const reads = this.#roles.read;
    const bouncedReads =
      this.#bouncedReads > 0
        ? ` (${this.#bouncedReads} of ${reads.attempts} read${reads.attempts === 1 ? '' : 's'} refused or sent to the login page)`
        : '';
    const noRead = `${reads.ok > 0 ? 'no read returned a value' : 'no successful read'}${bouncedReads}`;
    if (!s.read) out['stale-read'] = noRead;
    if (!s.writeThenRead)
      out['lost-update'] = `no successful write followed by a read that returned a value${bouncedReads}`;
    if (!s.logout) out['logout-not-propagated'] = 'no successful logout';
    if (this.#nodes.size === 0) out.hotspot = 'no response named its node';
    else if ((nodes ?? this.#nodes.size) < 2) out.hotspot = 'only one node served the run';
    return out;
  }
}
