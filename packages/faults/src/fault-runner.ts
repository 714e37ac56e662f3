import {
  composeTargetName,
  FAULT_PROCESS,
  type FaultOp,
  type FaultSpec,
  type OpType,
  type PlannedFault,
} from '@sessionchaos/core';
import { FaultError, type FaultDriver, type UndoStep, type Victim } from './fault-driver.ts';
import type { HealJournal } from './heal-journal.ts';

/** Fault op ids start here, far above any traffic op id, so the two never collide in one history. */
export const FAULT_ID_BASE = 2 ** 40;

/** How long before its planned instant a fault's victims are resolved and prepared, by default. */
export const DEFAULT_PREPARE_LEAD_MS = 1_000;
/** A fault's timer fires this early, and the last stretch is waited out on the clock itself. */
const SPIN_MS = 2;

/** Resolves the victims of one occurrence of a fault (seeded selection among the target's candidates). */
export type VictimResolver = (spec: FaultSpec, planned: PlannedFault) => Promise<Victim[]>;

/** How the fault runner reaches the world. */
export interface FaultRunnerOptions {
  drivers: readonly FaultDriver[];
  resolveVictims: VictimResolver;
  journal: HealJournal;
  /** Milliseconds since the run started. */
  now: () => number;
  /** Receives every fault op (invoke and completion). `index` is the runner's own count: the history writer renumbers. */
  record: (op: FaultOp) => void;
  /**
   * Victims of a scheduled fault are resolved (their pids learned, and its signal armed when the
   * driver can) this long before its planned instant, so that the fault itself is one signal sent
   * on time (default {@link DEFAULT_PREPARE_LEAD_MS}).
   */
  prepareLeadMs?: number;
}

interface Active {
  planned: PlannedFault;
  driver: FaultDriver;
  undo: UndoStep[];
  healTimer?: NodeJS.Timeout;
}

/**
 * Applies a planned schedule: each fault at its time, recorded as an invoke and a completion, and
 * healed at its end, at `stop()`, or (through the journal) by `sessionchaos heal` after a crash.
 */
export class FaultRunner {
  readonly #o: FaultRunnerOptions;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #active = new Map<string, Active>();
  readonly #pending = new Set<Promise<void>>();
  /** Undo steps journaled when a fault was armed ahead (see FaultDriver.arm), until its inject takes them. */
  readonly #armed = new Map<string, { driver: FaultDriver; undo: UndoStep[] }>();
  #index = 0;
  #id = FAULT_ID_BASE;
  #stopped = false;

  constructor(options: FaultRunnerOptions) {
    this.#o = options;
  }

  /**
   * Schedules every planned fault relative to the run clock: its victims resolved and prepared
   * `prepareLeadMs` ahead, the fault itself at its planned instant.
   */
  start(plan: readonly PlannedFault[]): void {
    const lead = this.#o.prepareLeadMs ?? DEFAULT_PREPARE_LEAD_MS;
    for (const planned of plan) {
      let victims: Promise<Victim[]> | undefined;
      this.#timed(Math.max(0, planned.startMs - lead), () => {
        victims = this.#prepare(planned, true);
        // Awaited (and its error recorded) by inject; never an unhandled rejection meanwhile.
        this.#track(
          victims.then(
            () => undefined,
            () => undefined,
          ),
        );
      });
      this.#timed(planned.startMs, () => this.#track(this.inject(planned, victims)));
    }
  }

  /** Runs `then` once the run clock reads `ms`, its timers cancelled by `stop()`. */
  #timed(ms: number, then: () => void): void {
    let timer: NodeJS.Timeout | undefined;
    this.#onClock(ms, (t) => {
      if (timer) this.#timers.delete(timer);
      timer = t;
      if (t) this.#timers.add(t);
      else then();
    });
  }

  /** Resolves a fault's victims and lets its driver learn them; `ahead` of its instant, arms it too. */
  async #prepare(planned: PlannedFault, ahead = false): Promise<Victim[]> {
    const victims = await this.#o.resolveVictims(planned.spec, planned);
    const driver = this.#o.drivers.find((d) => d.actions.includes(planned.spec.action));
    await driver?.prepare?.(victims);
    if (ahead && driver?.arm && !this.#stopped && this.#o.now() < planned.startMs) {
      const armed = { driver, undo: [] as UndoStep[] };
      this.#armed.set(planned.key, armed);
      await driver.arm({
        key: planned.key,
        spec: planned.spec,
        victims,
        atMs: planned.startMs,
        now: this.#o.now,
        onUndo: (step) => {
          this.#o.journal.add(planned.key, driver.name, step);
          armed.undo.push(step);
        },
      });
    }
    return victims;
  }

  /**
   * Calls `step(timer)` with each timer it arms until the run clock reads `ms`, then `step(undefined)`.
   * Timers fire late by whole milliseconds (and a little early: libuv caches loop time), so the last
   * timer is set {@link SPIN_MS} early and the rest is waited out on the clock: a fault planned at
   * 10 s is neither recorded at 9.999 s nor sent at 10.004 s.
   */
  #onClock(ms: number, step: (timer: NodeJS.Timeout | undefined) => void): void {
    const arm = (): void => {
      const wait = ms - this.#o.now();
      if (wait > SPIN_MS) {
        step(setTimeout(arm, wait - SPIN_MS));
        return;
      }
      // Bounded on the real clock too: a run clock that stands still (a test's) must not hang here.
      const until = performance.now() + 2 * SPIN_MS;
      while (this.#o.now() < ms && performance.now() < until);
      step(undefined);
    };
    // Always through a first timer, even when due: the caller's turn ends before the fault starts.
    step(setTimeout(arm, Math.max(0, ms - this.#o.now() - SPIN_MS)));
  }

  /**
   * Applies one fault now (also used by the dashboard's keys); its heal is scheduled at `planned.endMs`.
   * `prepared` are its victims resolved ahead of time, when they were.
   */
  async inject(planned: PlannedFault, prepared?: Promise<Victim[]>): Promise<void> {
    if (this.#stopped) return;
    const { spec } = planned;
    const base = {
      fault: planned.key,
      action: spec.action,
      target: describeTarget(spec),
      // On the op itself, so that the verdict is judged from the history alone.
      ...(spec.required === false ? { required: false as const } : {}),
    };
    const invoke = this.#emit('invoke', base);
    const driver = this.#o.drivers.find((d) => d.actions.includes(spec.action));
    try {
      if (!driver) throw new FaultError(`no fault driver can ${spec.action} here`);
      // Unprepared (a dashboard key): learn the pids now, still cheaper than the engine's kill.
      const victims = await (prepared ?? this.#prepare(planned));
      // A shell hook acts on a cluster we cannot see: it may have no victims of ours.
      if (victims.length === 0 && spec.action !== 'exec')
        throw new FaultError(`no victim matched ${base.target}`);
      const active: Active = { planned, driver, undo: this.#armed.get(planned.key)?.undo ?? [] };
      this.#armed.delete(planned.key);
      this.#active.set(planned.key, active);
      const result = await driver.inject({
        key: planned.key,
        spec,
        victims,
        onUndo: (step) => {
          this.#o.journal.add(planned.key, driver.name, step);
          active.undo.push(step);
        },
        now: this.#o.now,
      });
      const done = { ...base, victims: result.victims, detail: result.detail };
      this.#emit(
        'ok',
        result.effectAt === undefined ? done : { ...done, effectAt: result.effectAt },
        invoke.id,
      );
      if (result.undo.length === 0) this.#finish(planned.key);
      else this.#scheduleHeal(active);
    } catch (error) {
      const e = error as Error;
      const output = error instanceof FaultError && error.output ? `\n${error.output}` : '';
      // A fault that may have half-applied (a timeout), or whose effect could not be observed, is
      // unknown; one the engine refused, or whose effect was seen absent, failed.
      const unknown =
        (error instanceof FaultError && error.unknown) || /timed out|ETIMEDOUT|ECONNRESET/.test(e.message);
      const type: OpType = unknown ? 'info' : 'fail';
      this.#emit(type, { ...base, error: `${e.message}${output}` }, invoke.id);
      // Heal whatever part of it was applied before the error.
      if (this.#active.has(planned.key)) await this.heal(planned.key);
    }
  }

  #scheduleHeal(active: Active): void {
    this.#onClock(active.planned.endMs, (timer) => {
      active.healTimer = timer;
      if (!timer) this.#track(this.heal(active.planned.key));
    });
  }

  /** Heals one active fault now (undo steps in reverse order), recording it. */
  async heal(key: string): Promise<void> {
    const active = this.#active.get(key);
    if (!active) return;
    this.#active.delete(key);
    clearTimeout(active.healTimer);
    const base = { fault: key, action: 'heal' as const, target: describeTarget(active.planned.spec) };
    const invoke = this.#emit('invoke', base);
    const done: string[] = [];
    const errors: string[] = [];
    for (const step of [...active.undo].reverse()) {
      try {
        const what = await active.driver.undo(step);
        if (what) done.push(what);
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    if (errors.length === 0) {
      this.#o.journal.healed(key);
      this.#emit('ok', { ...base, detail: done.join('; ') || undefined }, invoke.id);
    } else {
      // Left in the journal: `sessionchaos heal` tries again.
      this.#emit('fail', { ...base, error: errors.join('; ') }, invoke.id);
    }
  }

  /** Cancels what has not started, waits for what is under way, and heals everything still active. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#pending]);
    await this.#disarm();
    for (const key of [...this.#active.keys()].reverse()) await this.heal(key);
  }

  /** Cancels faults armed ahead and never injected; one that hit anyway (a race with `stop`) is undone. */
  async #disarm(): Promise<void> {
    for (const [key, { driver, undo }] of this.#armed) {
      this.#armed.delete(key);
      if (await driver.disarm?.(key)) {
        for (const step of [...undo].reverse()) await driver.undo(step).catch(() => undefined);
      }
      this.#o.journal.healed(key);
    }
  }

  /** Faults applied and not yet healed. */
  get active(): string[] {
    return [...this.#active.keys()];
  }

  #finish(key: string): void {
    this.#active.delete(key);
    this.#o.journal.healed(key);
  }

  #track(promise: Promise<void>): void {
    this.#pending.add(promise);
    void promise.finally(() => this.#pending.delete(promise));
  }

  #emit(
    type: OpType,
    fields: Omit<FaultOp, 'index' | 'id' | 'type' | 'time' | 'process'>,
    id?: number,
  ): FaultOp {
    const op: FaultOp = {
      ...fields,
      index: this.#index++,
      id: id ?? this.#id++,
      type,
      time: this.#o.now(),
      process: FAULT_PROCESS,
    };
    this.#o.record(op);
    return op;
  }
}

function describeTarget(spec: FaultSpec): string {
  const t = spec.target;
  return (
    t.role ??
    t.container ??
    (t.label ? `label ${t.label}` : undefined) ??
    (t.compose ? composeTargetName(t.compose) : spec.action === 'exec' ? 'hook' : 'unknown')
  );
}
