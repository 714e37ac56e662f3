import { makeVuOp, type OpType, type VuOp, type VuStep } from '@sessionchaos/core';
import { LatencyHistogram, type LatencySummary } from './latency-histogram.ts';

/** Receives every op as it happens (the CLI writes NDJSON). Must not block: it is on the hot path. */
export type HistorySink = (op: VuOp) => void;

/** One second of the run, for the live dashboard and progress output. */
export interface MetricsTick {
  /** Seconds since the run started (1 = the first second). */
  second: number;
  requests: number;
  ok: number;
  fail: number;
  info: number;
  byStatus: Record<string, number>;
  latencyMs: LatencySummary;
  activeVus: number;
  /** Open model: iterations not started because every VU was busy, this second. */
  dropped: number;
}

/** Whole-run totals. */
export interface RunTotals {
  requests: number;
  ok: number;
  fail: number;
  info: number;
  byStatus: Record<string, number>;
  latencyMs: LatencySummary;
  dropped: number;
  durationMs: number;
}

/** Fields of an invoke op; the recorder fills index, id, type and time. */
export type InvokeFields = Omit<VuOp, 'index' | 'id' | 'type' | 'time'>;

/**
 * A VU op's fields with every key of a VuOp present (absent ones undefined) in the order the binary
 * history decodes them (core's makeVuOp): the recorder fills index, id, type and time in place, so
 * the order holds and the history records it as a VU op record, not JSON. Set the rest by assignment.
 */
export function vuOpFields(
  process: number,
  step: VuStep,
  epoch: number,
  method: string,
  url: string,
  user: string | undefined,
  value: VuOp['value'],
): VuOp {
  return makeVuOp(
    0,
    0,
    'invoke',
    0,
    process,
    step,
    epoch,
    method,
    url,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    user,
    value,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  );
}

class Window {
  requests = 0;
  ok = 0;
  fail = 0;
  info = 0;
  dropped = 0;
  byStatus: Record<string, number> = {};
  latency = new LatencyHistogram();
}

/** Adds `w`'s counts into `into`. */
function addWindow(into: Window, w: Window): void {
  into.requests += w.requests;
  into.ok += w.ok;
  into.fail += w.fail;
  into.info += w.info;
  into.dropped += w.dropped;
  for (const [k, n] of Object.entries(w.byStatus)) into.byStatus[k] = (into.byStatus[k] ?? 0) + n;
  into.latency.merge(w.latency);
}

/**
 * Numbers and timestamps ops, hands them to the sink, and keeps per-second and whole-run
 * metrics. Time is `performance.now()` relative to the run start (monotonic).
 */
export class Recorder {
  readonly #sink: HistorySink;
  readonly #t0: number;
  #index = 0;
  #id = 0;
  #window = new Window();
  readonly #total = new Window();
  #second = 0;

  constructor(sink: HistorySink, t0 = performance.now()) {
    this.#sink = sink;
    this.#t0 = t0;
  }

  /** Milliseconds since the run started. */
  now(): number {
    return performance.now() - this.#t0;
  }

  /** Converts a run time back to a `performance.now()` time (for intended starts). */
  toClock(runMs: number): number {
    return runMs + this.#t0;
  }

  /** Records an invoke op and returns it (its id pairs the completion). Takes ownership of `fields`. */
  invoke(fields: InvokeFields): VuOp {
    // Completed in place rather than copied: this runs twice per request.
    const op = fields as VuOp;
    op.index = this.#index++;
    op.id = this.#id++;
    op.type = 'invoke';
    op.time = this.now();
    this.#sink(op);
    return op;
  }

  /**
   * Records the completion of `invoke`, at `time` (run ms; now by default: a caller that has just
   * read the clock passes its reading). Takes ownership of `fields`.
   */
  complete(invoke: VuOp, type: Exclude<OpType, 'invoke'>, fields: Partial<VuOp>, time = this.now()): VuOp {
    const op = fields as VuOp;
    op.index = this.#index++;
    op.id = invoke.id;
    op.type = type;
    op.time = time;
    op.process = invoke.process;
    op.step = invoke.step as VuStep;
    op.epoch = invoke.epoch;
    // Counted into the current second only; tick() adds each second to the totals (once a
    // second, not twice a request).
    this.#count(this.#window, op);
    this.#sink(op);
    return op;
  }

  /** Counts an iteration the open model could not start. */
  dropped(): void {
    this.#window.dropped++;
  }

  /** Closes the current second and returns its metrics. */
  tick(activeVus: number): MetricsTick {
    const w = this.#window;
    this.#window = new Window();
    addWindow(this.#total, w);
    this.#second++;
    return {
      second: this.#second,
      requests: w.requests,
      ok: w.ok,
      fail: w.fail,
      info: w.info,
      byStatus: w.byStatus,
      latencyMs: w.latency.summary(),
      activeVus,
      dropped: w.dropped,
    };
  }

  /** Totals since the start. */
  totals(): RunTotals {
    // The seconds closed so far and the one still open.
    const t = new Window();
    addWindow(t, this.#total);
    addWindow(t, this.#window);
    return {
      requests: t.requests,
      ok: t.ok,
      fail: t.fail,
      info: t.info,
      byStatus: { ...t.byStatus },
      latencyMs: t.latency.summary(),
      dropped: t.dropped,
      durationMs: this.now(),
    };
  }

  #count(w: Window, op: VuOp): void {
    if (op.notSent === true) return; // nothing was sent: no request, no status
    w.requests++;
    w[op.type as 'ok' | 'fail' | 'info']++;
    const key = op.status === undefined ? (op.aborted === true ? 'aborted' : 'none') : String(op.status);
    w.byStatus[key] = (w.byStatus[key] ?? 0) + 1;
    if (op.latency !== undefined) w.latency.record(op.latency);
  }
}
