import type { FindingKind, Op } from '@sessionchaos/core';
import { clock } from './format.ts';
import { LiveState } from './live-state.ts';
import type { LiveFinal, LiveReporter, LiveRunInfo } from './live-reporter.ts';
import { faultLine, progressLine } from './progress-line.ts';

/** What {@link createProgressReporter} needs. */
export interface ProgressOptions {
  write: (line: string) => void;
  /** Between two progress lines (default 5000). */
  intervalMs?: number;
  /** Run time in ms. */
  now: () => number;
}

/**
 * The live view without a terminal (CI, pipes): a plain progress line every few seconds, plus a
 * line at once for each fault applied or healed and each notice.
 */
export class ProgressReporter implements LiveReporter {
  readonly #o: ProgressOptions;
  #state: LiveState | null = null;
  #timer: NodeJS.Timeout | undefined;
  #last = { atMs: 0, requests: 0 };
  #stopped = false;

  constructor(options: ProgressOptions) {
    this.#o = options;
  }

  start(info: LiveRunInfo): void {
    this.#state = new LiveState(info);
    this.#last = { atMs: this.#o.now(), requests: 0 };
    this.#timer = setInterval(() => this.#line(), this.#o.intervalMs ?? 5_000);
    this.#timer.unref();
  }

  add(op: Op): void {
    if (!this.#state) return;
    this.#state.add(op);
    const line = faultLine(op);
    if (line !== null) this.#o.write(line);
  }

  finding(kind: FindingKind, time: number, count: number, vu: number | null = null): void {
    this.#state?.finding(kind, time, count, vu);
  }

  notice(text: string): void {
    this.#o.write(`[${clock(this.#o.now())}] ${text}`);
  }

  async stop(final: LiveFinal): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    if (!this.#state) return;
    this.#line();
    this.#o.write(`[${clock(this.#o.now())}] done: verdict ${final.verdict}`);
  }

  #line(): void {
    const state = this.#state;
    if (!state) return;
    const now = this.#o.now();
    const s = state.snapshot(now);
    const seconds = (now - this.#last.atMs) / 1000;
    const rps = seconds > 0 ? (s.totalRequests - this.#last.requests) / seconds : 0;
    this.#last = { atMs: now, requests: s.totalRequests };
    this.#o.write(progressLine(s, rps));
  }
}

/** Plain progress lines, for runs without a terminal. */
export function createProgressReporter(o: ProgressOptions): LiveReporter {
  return new ProgressReporter(o);
}
