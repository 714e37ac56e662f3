import type { FaultAction, FaultOp } from '../history/op.ts';

/** A fault as summary.json reports it. */
export interface FaultWindow {
  id: string;
  action: FaultAction;
  target?: string;
  victims: string[];
  startedAtMs: number;
  /** When its heal completed; `null` while (or if never) healed. */
  endedAtMs: number | null;
  healed: boolean;
  error?: string;
}

/** Where a moment falls: inside a fault, in the tail after one, or in steady state. */
export interface Attribution {
  fault: string | null;
  phase: 'during' | 'after' | 'steady';
}

const STEADY: Attribution = { fault: null, phase: 'steady' };

/** A window and its two attributions, made once: `at()` runs for most ops and must not allocate. */
interface Slot {
  window: FaultWindow;
  during: Attribution;
  after: Attribution;
}
// Actions that end a fault rather than start one.
const HEALS: ReadonlySet<FaultAction> = new Set(['heal', 'unpause']);

/**
 * Fault windows, built from the fault ops as the history streams by: a window opens at the
 * invoke of a fault action and closes at the completion of its heal (same fault id).
 */
export class FaultTracker {
  readonly #windows = new Map<string, FaultWindow>();
  // The same windows in start order, for `at()`: an array walk, no iterator per call.
  readonly #slots: Slot[] = [];
  readonly #afterMs: number;

  constructor(afterFaultMs: number) {
    this.#afterMs = afterFaultMs;
  }

  /**
   * Feeds one fault op (invoke or completion). A window opens at the invoke, then starts at the
   * measured effect (`effectAt`) once the completion brings it: the fault hurt nothing before.
   * Ops fed between the two were attributed already (to it, or, for an effect that came before
   * its invoke was recorded, to what was active then).
   */
  feed(op: FaultOp): void {
    const heal = HEALS.has(op.action);
    let window = this.#windows.get(op.fault);
    if (!window) {
      if (heal) return; // a heal with nothing to heal (e.g. `sessionchaos heal` leftovers)
      window = {
        id: op.fault,
        action: op.action,
        victims: [],
        startedAtMs: op.time,
        endedAtMs: null,
        healed: false,
      };
      if (op.target !== undefined) window.target = op.target;
      this.#windows.set(op.fault, window);
      this.#slots.push({
        window,
        during: { fault: window.id, phase: 'during' },
        after: { fault: window.id, phase: 'after' },
      });
    }
    if (op.type === 'invoke') return;
    if (op.victims) window.victims = [...op.victims];
    // Earlier than the invoke too: a signal armed ahead lands at its instant on a thread of its own,
    // while the main thread may record the invoke late. Only a fault that took effect (ok) moves it.
    if (!heal && op.type === 'ok' && op.effectAt !== undefined) window.startedAtMs = op.effectAt;
    if (heal) {
      window.endedAtMs = op.time;
      window.healed = op.type === 'ok';
    }
    if (op.error !== undefined && op.type !== 'ok') window.error = op.error;
  }

  /**
   * The fault a moment belongs to: an active one first, else one healed less than `afterFaultMs`
   * ago. The answer is shared (one object per window and phase): read it, never change it.
   */
  at(time: number): Readonly<Attribution> {
    let after: Attribution | undefined;
    const slots = this.#slots;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const w = slot.window;
      if (time < w.startedAtMs) continue;
      if (w.endedAtMs === null || time <= w.endedAtMs) return slot.during;
      if (after === undefined && time <= w.endedAtMs + this.#afterMs) after = slot.after;
    }
    return after ?? STEADY;
  }

  /** Every window seen, in start order. */
  windows(): FaultWindow[] {
    return [...this.#windows.values()].map((w) => ({ ...w, victims: [...w.victims] }));
  }

  /** Whether any fault was seen at all. */
  get size(): number {
    return this.#windows.size;
  }
}
