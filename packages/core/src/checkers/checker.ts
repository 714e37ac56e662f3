import type { VuOp } from '../history/op.ts';
import type { FaultTracker } from './fault-windows.ts';
import type { Finding, FindingKind } from './finding.ts';
import type { ResolvedCheckOptions } from './options.ts';

/** What a checker gets to work with besides the ops. */
export interface CheckContext {
  options: ResolvedCheckOptions;
  /** Fault windows seen so far (fault ops come before the VU ops they affect). */
  faults: FaultTracker;
  /** VUs of the probes seen so far: instruments, counted apart from the load's users. */
  probes: ReadonlySet<number>;
  /**
   * Tells the recovery tracker (and the live listener) a bad op happened at `time`; `kind` when it
   * is a finding; `sentAt` when its request was sent, for an op judged later than it was fed.
   */
  noteBad(time: number, kind?: FindingKind, count?: number, vu?: number | null, sentAt?: number): void;
  /** A finding occurrence that is not a bad op (a window judged as a whole): timeline and listener only. */
  noteFinding(time: number, kind: FindingKind, count: number, vu: number | null): void;
  /**
   * The op being fed (its position in the history, from 0, time and VU), or `null` between ops: an
   * occurrence at that op's time and VU is that op, so it becomes the finding's example without each
   * checker saying so. The object is reused: copy what you keep.
   */
  current(): { index: number; time: number; process: number } | null;
}

/**
 * An incremental checker: fed every VU op once, in history order, it keeps only per-VU state
 * and small counters, so one streaming pass runs them all in memory bounded by live VUs.
 */
export interface IncrementalChecker {
  /** The finding kinds it may report (a checker that throws makes their gates `unknown`). */
  readonly kinds: readonly FindingKind[];
  /**
   * Whether it wants invoke ops fed too (default: yes). Checkers that judge completions only
   * (their invoke still comes along as the second argument) say `false`: half the calls saved.
   */
  readonly invokes?: boolean;
  /** One VU op; for a completion, `invoke` is its invoke (absent if it was never seen). */
  feed(op: VuOp, invoke: VuOp | undefined): void;
  /** The history ended at `endMs`: report. */
  finish(endMs: number): Finding[];
}

/** Builds a checker for one run. */
export type CheckerFactory = (ctx: CheckContext) => IncrementalChecker;
