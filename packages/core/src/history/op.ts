import type { FaultActionName } from '../faults/actions/registry.ts';

/**
 * One entry of a run's history, modelled on Jepsen's: every VU step and every fault is
 * recorded as an `invoke` op, then a completion op of the same `process` with the same `id`:
 * `ok` (it happened), `fail` (it definitely had no effect) or `info` (unknown: timeout, reset).
 */
export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

/** Steps of a virtual user's journey. */
export type VuStep = 'visit' | 'login' | 'whoami' | 'write' | 'read' | 'logout' | 'request';

/**
 * Fault actions: those of the registry (packages/core/src/faults/actions/registry.ts), and what faults end with
 * (`unpause`, `heal`).
 */
export type FaultAction = FaultActionName | 'unpause' | 'heal';

/** The process of fault ops. VUs are numbered from 1. */
export const FAULT_PROCESS = 'fault';
export type Process = number | typeof FAULT_PROCESS;

/** A cookie as recorded: its name and a short hash of its value, never the value itself. */
export interface CookieRef {
  name: string;
  hash: string;
  /** Set-Cookie attributes, when recorded: they explain a cookie missing on the next hop. */
  secure?: boolean;
  sameSite?: 'strict' | 'lax' | 'none';
  domain?: string;
  path?: string;
  /** The Set-Cookie removed the cookie (empty value, Max-Age=0 or an expiry in the past). */
  cleared?: boolean;
}

/** One hop of a redirect chain, with the cookies sent and received on it. */
export interface Hop {
  method: string;
  url: string;
  status: number;
  /** Location header, when the hop redirected. */
  location?: string;
  sent: CookieRef[];
  set: CookieRef[];
  /** Node that served this hop, when the target names it. */
  node?: string;
}

/** A session data value as recorded: a scalar, `null` (nothing stored), or a list (an `append` read). */
export type DataValue = string | number | null | (string | number)[];

/** Fields common to every op. */
export interface OpBase {
  /** Position in the history, from 0, strictly increasing. */
  index: number;
  /** Pairs an invoke with its completion (unique per run). */
  id: number;
  type: OpType;
  /** Milliseconds since the run started (monotonic clock, may be fractional). */
  time: number;
  process: Process;
}

/** An op of a virtual user. Completion fields are absent on the invoke. */
export interface VuOp extends OpBase {
  process: number;
  step: VuStep;
  /** A VU that starts over with a fresh jar gets a new epoch; sessions never span epochs. */
  epoch: number;
  method?: string;
  url?: string;
  /** Final status after redirects were followed (absent when no response came). */
  status?: number;
  /** Every hop followed, the first request included. */
  hops?: Hop[];
  /** Set when the chain ended in a loop or hit the hop cap. */
  redirectLoop?: 'repeat' | 'cap';
  /** Node that served the final response. */
  node?: string;
  /** Identity the response claimed; `null` means explicitly anonymous. */
  identity?: string | null;
  /** The identity this VU logs in as. */
  user?: string;
  /**
   * Value written (invoke of `write`) or read (completion of `read`/`write`). Under `set`
   * semantics a scalar; under `increment` a read returns a count; under `append` a list.
   */
  value?: DataValue;
  /** Short hash of the session cookie sent with the request (invoke) or held after it (completion). */
  session?: string;
  /** Response was marked cacheable (Cache-Control public / max-age>0 without private) or came from a cache (Age, X-Cache hit). */
  cacheable?: boolean;
  /** Latency in ms from the intended start (open model) or the send time (closed model). */
  latency?: number;
  /** Error name or message for `fail`/`info`. */
  error?: string;
  /** Size of the final answer's whole body, in bytes (only a bounded prefix of it is ever kept). */
  bodyBytes?: number;
  /**
   * The tool itself cut the request short (the run was stopped: Ctrl-C, the end of the duration):
   * an `info` that says nothing about the target, so it is never counted as the target's error.
   */
  aborted?: true;
  /**
   * The step could not be built, so nothing was sent (no form on the page, a capture or a template
   * value missing): a `fail` whose `error` starts `not-sent:` with the reason. It counts as an
   * attempt of its role (coverage) and in the journey's diagnosis, never as a request or an error.
   */
  notSent?: true;
  /** Probe that produced the op, when it is not the plain journey: `concurrent-write`, `replay-after-logout`, `pre-login-session`. */
  probe?: string;
  /**
   * On the completion of a `visit` that failed as a step of a multi-step role (the login page
   * before the login form, an identity provider's page): the role whose attempt ended there, so
   * coverage counts it as a failed attempt of that role.
   */
  role?: 'login' | 'logout';
}

/** An op of the fault injector. */
export interface FaultOp extends OpBase {
  process: typeof FAULT_PROCESS;
  /** Fault id from the scenario (stable across the run), e.g. `kill-busiest-1`. */
  fault: string;
  action: FaultAction;
  /** Target as written in the scenario (`app`, `redis-primary`, a container name...). */
  target?: string;
  /** Containers or nodes the fault actually hit (completion). */
  victims?: string[];
  /** Free text: what happened, command output (bounded), new primary, etc. */
  detail?: string;
  error?: string;
  /**
   * Completion only: run-clock ms at which the fault's effect was measured to happen (a kill's
   * signal delivered), when the driver could measure it. The completion itself comes later (the
   * engine is told after), so its `time` is not when the victim was hit.
   */
  effectAt?: number;
  /**
   * `false` when the scenario said the fault is not required (`required: false`): a run whose
   * fault did not take effect is then still judged. Absent: required.
   */
  required?: false;
}

export type Op = VuOp | FaultOp;

/** Narrowing helpers. */
export function isFaultOp(op: Op): op is FaultOp {
  return op.process === FAULT_PROCESS;
}
export function isVuOp(op: Op): op is VuOp {
  return op.process !== FAULT_PROCESS;
}
