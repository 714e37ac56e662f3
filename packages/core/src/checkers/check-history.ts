import type { Op, VuOp } from '../history/op.ts';
import { isFaultOp } from '../history/op.ts';
import { OpPairer } from '../history/pairing.ts';
import { ALL_CHECKERS } from './all-checkers.ts';
import type { CheckContext, CheckerFactory, IncrementalChecker } from './checker.ts';
import type { FaultWindow } from './fault-windows.ts';
import { FaultTracker } from './fault-windows.ts';
import type { Finding, FindingKind, Recovery } from './finding.ts';
import { FINDING_KINDS } from './finding.ts';
import type { CheckOptions } from './options.ts';
import { resolveCheckOptions } from './options.ts';
import { RecoveryTracker } from './recovery.ts';
import { CONFIRM_REFUSAL_PROBE } from './refusal-recheck.ts';
import { isError } from './response.ts';

/** A checker that threw: its kinds cannot be judged (their gates are `unknown`). */
export interface CheckerFailure {
  kinds: FindingKind[];
  message: string;
}

/** Called for each finding occurrence as the history streams by (the live dashboard's feed). */
export type FindingListener = (kind: FindingKind, time: number, count: number, vu: number | null) => void;

/** Occurrences of one finding kind in one second of the run (for timeline charts). */
export interface FindingSecond {
  /** Seconds since the run started (0 = the first second). */
  second: number;
  kind: FindingKind;
  count: number;
}

/** Everything one pass over a history found. */
export interface CheckResult {
  findings: Finding[];
  /** Occurrences per second and kind, in time order. */
  timeline: FindingSecond[];
  recoveries: Recovery[];
  faults: FaultWindow[];
  failures: CheckerFailure[];
  /** Ops fed, VU completions that got an answer (any status), invokes never completed. */
  ops: number;
  answered: number;
  pending: number;
  /** Time of the last op (the history's length in ms). */
  endMs: number;
}

/** What {@link CheckContext.current} tells of the op being fed. */
type CurrentOp = { index: number; time: number; process: number };

interface Slot {
  checker: IncrementalChecker;
  failed: boolean;
}

/**
 * Runs checkers over a history in one streaming pass: feed ops in history order, then call
 * `finish()`. Memory follows live VUs and open invokes, not the history's length. A checker
 * that throws is set aside and reported in `failures`; the others carry on.
 */
export class HistoryChecker {
  readonly #faults: FaultTracker;
  readonly #recovery: RecoveryTracker;
  readonly #pairer = new OpPairer();
  readonly #slots: Slot[] = [];
  #active: Slot[] = [];
  #forInvokes: Slot[] = [];
  readonly #failures: CheckerFailure[] = [];
  #badNow = false;
  /** The completion being fed (its answer time) and when its request was sent, for recovery timing. */
  #opTime = Number.NaN;
  #sentAt = Number.NaN;
  /**
   * The VU op being fed, for {@link CheckContext.current}: its position in the history fed (the
   * `index` the history file gives it: the run's own ops number VU and fault ops apart), reused.
   */
  readonly #currentView: CurrentOp = { index: 0, time: 0, process: 0 };
  #current: CurrentOp | null = null;
  #ops = 0;
  #answered = 0;
  #endMs = 0;
  readonly #timeline = new Map<string, FindingSecond>();
  readonly #probes = new Set<number>();

  constructor(
    options: CheckOptions = {},
    factories: readonly CheckerFactory[] = ALL_CHECKERS,
    listener?: FindingListener,
  ) {
    const resolved = resolveCheckOptions(options);
    this.#faults = new FaultTracker(resolved.afterFaultMs);
    this.#recovery = new RecoveryTracker(this.#faults, resolved.windowMs);
    const ctx: CheckContext = {
      options: resolved,
      faults: this.#faults,
      probes: this.#probes,
      current: () => this.#current,
      noteBad: (time, kind, count = 1, vu = null, sentAt) => {
        this.#badNow = true;
        // A checker notes the op being fed at its answer time; the fault reached it when it was sent.
        this.#recovery.bad(time, sentAt ?? (time === this.#opTime ? this.#sentAt : time));
        if (kind !== undefined) ctx.noteFinding(time, kind, count, vu);
      },
      noteFinding: (time, kind, count, vu) => {
        const second = Math.max(0, Math.floor(time / 1000));
        const key = `${second} ${kind}`;
        const slot = this.#timeline.get(key);
        if (slot) slot.count += count;
        else this.#timeline.set(key, { second, kind, count });
        listener?.(kind, time, count, vu);
      },
    };
    for (const factory of factories) this.#slots.push({ checker: factory(ctx), failed: false });
    this.#select();
  }

  /** Feeds one op, in history order. */
  feed(op: Op): void {
    this.#ops++;
    this.#endMs = op.time;
    const invoke = this.#pairer.feed(op);
    if (isFaultOp(op)) {
      this.#faults.feed(op);
      return;
    }
    this.#badNow = false;
    this.#opTime = op.time;
    this.#sentAt = invoke?.time ?? op.time;
    // A VU's own replay of a refused session is the load's user confirming it, not a probe VU.
    if (op.probe !== undefined && op.probe !== CONFIRM_REFUSAL_PROBE) this.#probes.add(op.process);
    this.#currentView.index = this.#ops - 1;
    this.#currentView.time = op.time;
    this.#currentView.process = op.process;
    this.#current = this.#currentView;
    const active = op.type === 'invoke' ? this.#forInvokes : this.#active;
    // One try around the loop (not one per checker): on a throw, drop that checker and go on.
    for (let i = 0; i < active.length;) {
      try {
        for (; i < active.length; i++) active[i]!.checker.feed(op, invoke as VuOp | undefined);
      } catch (error) {
        this.#fail(active[i]!, error);
        i++;
      }
    }
    if (op.type === 'invoke') return;
    if (op.status !== undefined) this.#answered++;
    if (isError(op)) {
      if (!this.#badNow) this.#recovery.bad(op.time, this.#sentAt);
    } else if (!this.#badNow) {
      this.#recovery.good(op.time);
    }
  }

  /** Ends the pass and collects every finding. */
  finish(): CheckResult {
    this.#current = null;
    const findings: Finding[] = [];
    for (const slot of this.#slots) {
      if (slot.failed) continue;
      try {
        findings.push(...slot.checker.finish(this.#endMs));
      } catch (error) {
        this.#fail(slot, error);
      }
    }
    const order = (k: FindingKind): number => FINDING_KINDS.indexOf(k);
    findings.sort((a, b) => order(a.kind) - order(b.kind) || a.firstAtMs - b.firstAtMs);
    const faults = this.#faults.windows();
    const timeline = [...this.#timeline.values()]
      .map((s) => ({ ...s }))
      .sort((a, b) => a.second - b.second || order(a.kind) - order(b.kind));
    return {
      findings,
      timeline,
      recoveries: this.#recovery.records(faults, this.#endMs),
      faults,
      failures: [...this.#failures],
      ops: this.#ops,
      answered: this.#answered,
      pending: this.#pairer.size,
      endMs: this.#endMs,
    };
  }

  #select(): void {
    this.#active = this.#slots.filter((s) => !s.failed);
    this.#forInvokes = this.#active.filter((s) => s.checker.invokes !== false);
  }

  #fail(slot: Slot, error: unknown): void {
    slot.failed = true;
    this.#select();
    const message = error instanceof Error ? error.message : String(error);
    this.#failures.push({ kinds: [...slot.checker.kinds], message });
  }
}

/** Checks a whole history with every checker (or the ones given). */
export function checkHistory(
  history: Iterable<Op>,
  options: CheckOptions = {},
  factories: readonly CheckerFactory[] = ALL_CHECKERS,
): CheckResult {
  const checker = new HistoryChecker(options, factories);
  for (const op of history) checker.feed(op);
  return checker.finish();
}

/**
 * The plain checker signature, `(history, options) => findings`, for one factory.
 * Unlike {@link checkHistory} it lets a throwing checker's error through.
 */
export function runChecker(
  factory: CheckerFactory,
  history: Iterable<Op>,
  options: CheckOptions = {},
): Finding[] {
  const result = checkHistory(history, options, [factory]);
  const failure = result.failures[0];
  if (failure) throw new Error(`checker for ${failure.kinds.join(', ')} failed: ${failure.message}`);
  return result.findings;
}
