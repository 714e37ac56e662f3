import type { FaultAction, FaultOp } from '../history/op.ts';

// Actions that end a fault rather than start one: they are not occurrences of their own.
const ENDINGS: ReadonlySet<FaultAction> = new Set(['heal', 'unpause']);

/** One fault occurrence that did not take effect, and why (from its completion in the history). */
export interface FaultFailure {
  /** The occurrence's key, `<fault id>#<occurrence>` (`kill-app#1`). */
  fault: string;
  action: FaultAction;
  target?: string;
  /** Why it is not effective: the driver's error (a hook's exit code and output tail, no victim matched...). */
  error: string;
  /** False when the scenario said `required: false`: then it does not make the run `unknown`. */
  required: boolean;
}

/**
 * Fault occurrences of a run, judged from the history: `planned` were invoked (the schedule's
 * occurrences that came due), `effective` completed `ok` (the driver confirmed the effect),
 * `failed` completed `fail`/`info` or never completed. Failures are listed with their reason.
 */
export interface FaultCoverage {
  planned: number;
  effective: number;
  failed: number;
  failures: FaultFailure[];
}

interface Occurrence {
  action: FaultAction;
  target: string | undefined;
  required: boolean;
  outcome: 'pending' | 'ok' | 'failed';
  error?: string;
}

/** Counts fault occurrences from fault ops, in history order (memory: one entry per occurrence). */
export class FaultCoverageTracker {
  readonly #occurrences = new Map<string, Occurrence>();

  /** Feeds one fault op. */
  feed(op: FaultOp): void {
    if (ENDINGS.has(op.action)) return;
    let o = this.#occurrences.get(op.fault);
    if (o === undefined) {
      o = { action: op.action, target: op.target, required: op.required !== false, outcome: 'pending' };
      this.#occurrences.set(op.fault, o);
    }
    if (op.type === 'invoke') return;
    if (op.type === 'ok') o.outcome = 'ok';
    else {
      o.outcome = 'failed';
      o.error = op.error ?? (op.type === 'info' ? 'its outcome is unknown' : 'it failed');
    }
  }

  /** The counts so far; an occurrence still pending counts as failed (its effect was never confirmed). */
  coverage(): FaultCoverage {
    const c: FaultCoverage = { planned: 0, effective: 0, failed: 0, failures: [] };
    for (const [fault, o] of this.#occurrences) {
      c.planned++;
      if (o.outcome === 'ok') {
        c.effective++;
        continue;
      }
      c.failed++;
      const error = o.error ?? 'no completion was recorded: the run ended before its effect was confirmed';
      c.failures.push({
        fault,
        action: o.action,
        ...(o.target !== undefined ? { target: o.target } : {}),
        error,
        required: o.required,
      });
    }
    return c;
  }
}

/** The first line of a driver's error, bounded: the reason shown in one line of a verdict. */
function firstWords(error: string): string {
  const lines = error.split('\n').filter((l) => l.trim() !== '');
  const head = lines[0] ?? error;
  // The hook's output follows its exit line: its last line is what it said last.
  const tail = lines.length > 1 ? ` (output: ${lines[lines.length - 1]!.trim().slice(0, 160)})` : '';
  return `${head.slice(0, 240)}${tail}`;
}

/**
 * Why the run cannot be judged on account of its faults: the required occurrences that did not
 * take effect, each named with its reason; `undefined` when every required one did. A scenario
 * planned its faults to test resilience: a verdict without them would claim what nobody observed.
 */
export function faultShortfall(c: FaultCoverage): string | undefined {
  const missed = c.failures.filter((f) => f.required);
  if (missed.length === 0) return undefined;
  const first = missed
    .slice(0, 3)
    .map((f) => `${f.fault} (${f.action}${f.target ? ` ${f.target}` : ''}): ${firstWords(f.error)}`)
    .join('; ');
  const more = missed.length > 3 ? `; and ${missed.length - 3} more` : '';
  return (
    `${missed.length} of ${c.planned} planned fault${c.planned === 1 ? '' : 's'} did not take effect: ${first}${more}. ` +
    'Fix the fault (its target, selector or hook), or mark it `required: false` if the run may go without it'
  );
}

/** `faults effective 1/2 (kill-app#1 failed)`: the faults part of the coverage line; empty without faults. */
export function faultCoverageWords(c: FaultCoverage): string {
  if (c.planned === 0) return '';
  const failed = c.failures.map((f) => `${f.fault} failed${f.required ? '' : ', not required'}`);
  const shown = failed.slice(0, 3).join(', ') + (failed.length > 3 ? `, +${failed.length - 3}` : '');
  return `faults effective ${c.effective}/${c.planned}${failed.length > 0 ? ` (${shown})` : ''}`;
}
