import type { FaultOp, FindingKind } from '@sessionchaos/core';
import type { PlannedFaultInfo } from './live-reporter.ts';
import type { FaultPhase, TimelineFault } from './snapshot.ts';

/** A finding this long after a heal still belongs to the fault (core's default `afterFaultMs`). */
export const AFTER_FAULT_MS = 10_000;
const MARKS_KEPT = 120;
// Actions that end a fault rather than start one (as core's FaultTracker reads them).
const HEALS: ReadonlySet<string> = new Set(['heal', 'unpause']);

/** A timeline fault while it is tracked: its findings counted by kind. */
type Entry = Omit<TimelineFault, 'findings'> & { findings: Map<FindingKind, number> };

/** What a fault op changed, for the node and Redis views. */
export type FaultEvent =
  | {
      kind: 'applied';
      fault: string;
      action: string;
      target: string;
      victims: string[];
      detail: string | null;
    }
  | { kind: 'healed'; fault: string }
  | { kind: 'none' };

/**
 * The fault timeline: planned faults (upcoming), then each one's actual start, heal or failure
 * as its ops arrive; faults injected by a key join when their first op does. Finding occurrences
 * are attributed to the fault active at their time, or healed less than {@link AFTER_FAULT_MS} before.
 */
export class TimelineTracker {
  readonly #entries = new Map<string, Entry>();

  constructor(planned: readonly PlannedFaultInfo[]) {
    for (const p of planned)
      this.#entries.set(p.key, entry(p.key, p.action, p.target, p.startMs, p.endMs, 'upcoming'));
  }

  /** Feeds one fault op; says what it changed. */
  feed(op: FaultOp): FaultEvent {
    const heal = HEALS.has(op.action);
    let e = this.#entries.get(op.fault);
    if (!e) {
      if (heal) return { kind: 'none' }; // nothing of ours to heal
      e = entry(op.fault, op.action, op.target ?? 'unknown', op.time, null, 'active');
      this.#entries.set(op.fault, e);
    }
    if (op.type === 'invoke') {
      if (heal) {
        if (e.phase === 'active') e.phase = 'healing';
      } else {
        e.phase = 'active';
        e.startMs = op.time;
        e.action = op.action;
        if (op.target !== undefined) e.target = op.target;
      }
      return { kind: 'none' };
    }
    if (heal) {
      e.endMs = op.time;
      if (op.type === 'ok') {
        if (e.phase !== 'failed') e.phase = 'past';
      } else {
        e.phase = 'failed';
        e.error = op.error ?? 'the heal did not complete';
      }
      return { kind: 'healed', fault: op.fault };
    }
    if (op.victims) e.victims = [...op.victims];
    if (op.detail) e.detail = op.detail;
    if (op.type !== 'ok') {
      e.phase = 'failed';
      e.endMs = op.time;
      e.error = op.error ?? `the ${op.action} did not complete`;
      return { kind: 'none' };
    }
    // A restart has nothing to undo: it is over once it completed.
    if (op.action === 'restart') {
      e.phase = 'past';
      e.endMs = op.time;
    }
    return {
      kind: 'applied',
      fault: op.fault,
      action: op.action,
      target: e.target,
      victims: e.victims,
      detail: e.detail,
    };
  }

  /** Attributes finding occurrences to the fault they fell in; returns its key or `null`. */
  finding(kind: FindingKind, time: number, count: number): string | null {
    let after: Entry | undefined;
    let during: Entry | undefined;
    for (const e of this.#entries.values()) {
      if (e.phase === 'upcoming' || time < e.startMs) continue;
      const ended = e.phase === 'past' || e.phase === 'failed' ? e.endMs : null;
      if (ended === null || time <= ended) {
        during = e;
        break;
      }
      if (time <= ended + AFTER_FAULT_MS && (!after || (after.endMs ?? 0) < ended)) after = e;
    }
    const e = during ?? after;
    if (!e) return null;
    e.findings.set(kind, (e.findings.get(kind) ?? 0) + count);
    const second = Math.floor(time / 1000) * 1000;
    const lastMark = e.findingTimes.at(-1);
    if (
      (lastMark === undefined || Math.floor(lastMark / 1000) * 1000 !== second) &&
      e.findingTimes.length < MARKS_KEPT
    )
      e.findingTimes.push(time);
    return e.key;
  }

  /** The timeline at `nowMs`, in start order. */
  view(nowMs: number): TimelineFault[] {
    const out: TimelineFault[] = [];
    for (const e of this.#entries.values()) {
      let phase = e.phase;
      // A shell hook with no heal command never sends a heal: it is over at its planned end.
      if (phase === 'active' && e.action === 'exec' && e.endMs !== null && nowMs > e.endMs) phase = 'past';
      out.push({
        key: e.key,
        action: e.action,
        target: e.target,
        victims: [...e.victims],
        phase,
        startMs: e.startMs,
        endMs: e.endMs,
        detail: e.detail,
        error: e.error,
        findings: [...e.findings].map(([kind, count]) => ({ kind, count })),
        findingTimes: [...e.findingTimes],
      });
    }
    return out.sort((a, b) => a.startMs - b.startMs);
  }
}

function entry(
  key: string,
  action: string,
  target: string,
  startMs: number,
  endMs: number | null,
  phase: FaultPhase,
): Entry {
  return {
    key,
    action,
    target,
    victims: [],
    phase,
    startMs,
    endMs,
    detail: null,
    error: null,
    findings: new Map(),
    findingTimes: [],
  };
}
