import type { FindingKind, Op } from '@sessionchaos/core';
import { render, type Instance } from 'ink';
import React from 'react';
import { App } from './components/app.ts';
import { FAULT_COMMANDS, KEY_BINDINGS, type DashboardCommand } from './dashboard-commands.ts';
import { LiveState } from './live-state.ts';
import type { LiveControls, LiveFinal, LiveReporter, LiveRunInfo } from './live-reporter.ts';

const h = React.createElement;

/** At most one frame per this many ms (~10 per second), however fast ops arrive. */
export const RENDER_THROTTLE_MS = 100;
// The clock in the header moves even when no op arrives (traffic paused).
const HEARTBEAT_MS = 1_000;

/** What {@link createDashboard} needs. */
export interface DashboardOptions {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  controls: LiveControls;
  /** Run time in ms. */
  now: () => number;
}

/** Test hooks: a frame counter (frames are counted, never timed). */
export interface DashboardHooks {
  onRender?: () => void;
}

/**
 * The Ink dashboard as a reporter: `add()` and `finding()` only count (O(1)) and ask for a frame;
 * frames are built from one snapshot at most every {@link RENDER_THROTTLE_MS}, so React never sees
 * a single request. `stop()` draws the last frame with the verdict, unmounts and restores the terminal.
 */
export class DashboardReporter implements LiveReporter {
  readonly #o: DashboardOptions & DashboardHooks;
  #state: LiveState | null = null;
  #ink: Instance | null = null;
  #pending: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #lastRender = -Infinity;
  #stopped = false;
  /** Frames rendered so far. */
  renders = 0;

  constructor(options: DashboardOptions & DashboardHooks) {
    this.#o = options;
  }

  start(info: LiveRunInfo): void {
    this.#state = new LiveState(info);
    this.#ink = render(this.#frame(true), {
      stdout: this.#o.stdout,
      stdin: this.#o.stdin,
      exitOnCtrlC: false,
      // Chosen because both streams are terminals: draw live frames even where CI is set (tmux in CI).
      interactive: true,
      maxFps: 1000 / RENDER_THROTTLE_MS,
    });
    this.renders++;
    this.#lastRender = performance.now();
    this.#heartbeat = setInterval(() => this.#schedule(), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  add(op: Op): void {
    if (!this.#state) return;
    this.#state.add(op);
    this.#schedule();
  }

  finding(kind: FindingKind, time: number, count: number, vu: number | null = null): void {
    if (!this.#state) return;
    this.#state.finding(kind, time, count, vu);
    this.#schedule();
  }

  notice(text: string): void {
    if (!this.#state) return;
    this.#state.notice(text, this.#o.now());
    this.#schedule();
  }

  async stop(final: LiveFinal): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#pending);
    clearInterval(this.#heartbeat);
    const ink = this.#ink;
    if (!this.#state || !ink) return;
    this.#state.finish(final.verdict, final.lines);
    // The last frame reads no keys, so Ink hands the terminal back out of raw mode.
    ink.rerender(this.#frame(false));
    this.renders++;
    this.#o.onRender?.();
    ink.unmount();
    await ink.waitUntilExit();
  }

  #schedule(): void {
    if (this.#pending !== undefined || this.#stopped) return;
    const wait = Math.max(0, RENDER_THROTTLE_MS - (performance.now() - this.#lastRender));
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      this.#render();
    }, wait);
    this.#pending.unref();
  }

  #render(): void {
    if (this.#stopped || !this.#ink) return;
    this.#lastRender = performance.now();
    this.renders++;
    this.#o.onRender?.();
    this.#ink.rerender(this.#frame(true));
  }

  #frame(keys: boolean): React.ReactElement {
    const state = this.#state;
    if (!state) throw new Error('the dashboard rendered before start(): call start(info) first');
    return h(App, { snapshot: state.snapshot(this.#o.now()), onCommand: this.#command, keys });
  }

  readonly #command = (c: DashboardCommand): void => {
    const state = this.#state;
    if (!state || this.#stopped) return;
    if (FAULT_COMMANDS.has(c) && !state.info.interactive) {
      const key = KEY_BINDINGS.find((b) => b.command === c)?.key ?? c;
      this.notice(`"${key}" (${c}) does nothing here: this run cannot inject faults into its target`);
      return;
    }
    this.#o.controls.command(c);
  };
}

/** The live terminal dashboard (Ink): header, sparklines, auth, findings, nodes, Redis, fault timeline, keys. */
export function createDashboard(o: DashboardOptions): LiveReporter {
  return new DashboardReporter(o);
}
