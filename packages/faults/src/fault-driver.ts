import type { FaultAction, FaultSpec } from '@sessionchaos/core';

/** A resolved victim: a name, and the container behind it when there is one. */
export interface Victim {
  name: string;
  containerId?: string;
  /**
   * Other names the app may report for this victim in its node header (a Compose replica's container
   * name and hostname), so that `busiest` counts the sessions of the node it is.
   */
  aliases?: string[];
}

/**
 * One step that undoes (heals) a fault. Plain data, so that it can be written to the heal journal
 * before the fault is applied and replayed by `sessionchaos heal` after a crash.
 */
export type UndoStep =
  | { kind: 'start'; containerId: string; name: string }
  | { kind: 'unpause'; containerId: string; name: string }
  | { kind: 'connect'; containerId: string; name: string; networkId: string; aliases: string[] }
  | { kind: 'nsenter'; containerId: string; name: string; argv: string[] }
  | { kind: 'exec'; command: string; timeoutMs: number }
  | { kind: 'redis'; containerId: string; name: string; command: string[] }
  | ActionUndoStep;

/**
 * An undo step only its own action knows how to apply (`actions/<action>.ts`'s `heal`), so that a new action
 * needs no new kind here: `data` is what that heal needs, plain JSON for the journal.
 */
export interface ActionUndoStep {
  kind: 'action';
  action: string;
  containerId: string;
  name: string;
  data: Readonly<Record<string, string | number | boolean>>;
}

/** What an injection did: the victims it hit, a line about it, and how to heal it. */
export interface Injection {
  victims: string[];
  detail?: string;
  undo: UndoStep[];
  /** Run-clock time the effect was measured to happen (a signal delivered), when the driver knows it. */
  effectAt?: number;
}

/** A fault about to be applied. `onUndo` is called with each undo step BEFORE its effect, for the journal. */
export interface InjectRequest {
  key: string;
  spec: FaultSpec;
  victims: Victim[];
  onUndo: (step: UndoStep) => void | Promise<void>;
  /** The run clock (ms), to time the effect with; `performance.now()` when absent. */
  now?: () => number;
}

/** A fault to arm ahead of its instant: its undo steps are journaled (`onUndo`) when it is armed. */
export interface ArmRequest extends Omit<InjectRequest, 'now'> {
  /** The planned instant, on the run clock. */
  atMs: number;
  now: () => number;
}

/** One backend that can apply faults (Jepsen's Nemesis): docker, redis, exec. */
export interface FaultDriver {
  readonly name: string;
  readonly actions: readonly FaultAction[];
  setup(): Promise<void>;
  /**
   * Optional: learns what a fault on these victims will need (a container's pid), ahead of its
   * planned instant, so that the fault itself lands on time. Never throws; never acts on them.
   */
  prepare?(victims: readonly Victim[]): Promise<void>;
  /**
   * Optional: arms a fault's effect (a signal) to happen by itself at `atMs`, so that it lands on
   * time however late the main thread gets to `inject`, which then waits for it and completes it.
   */
  arm?(request: ArmRequest): Promise<void>;
  /** Optional: cancels what `arm` set for a fault that will not be injected; true if it already hit. */
  disarm?(key: string): Promise<boolean>;
  inject(request: InjectRequest): Promise<Injection>;
  /** Applies one undo step; idempotent (healing what is already healed is fine). */
  undo(step: UndoStep): Promise<string | undefined>;
  teardown(): Promise<void>;
}

/** A fault that could not be applied, with what the target said (output of a hook, engine error). */
export class FaultError extends Error {
  readonly output: string | undefined;
  /**
   * True when whether the fault took effect is unknown (its effect could not be observed), rather
   * than known not to have happened: its op then completes `info`, not `fail`.
   */
  readonly unknown: boolean;
  constructor(message: string, output?: string, options: { unknown?: boolean } = {}) {
    super(message);
    this.name = 'FaultError';
    this.output = output;
    this.unknown = options.unknown ?? false;
  }
}
