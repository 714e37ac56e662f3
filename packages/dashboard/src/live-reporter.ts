import type { FindingKind, Op, Verdict } from '@sessionchaos/core';
import type { DashboardCommand } from './dashboard-commands.ts';

/** A fault of the scenario's schedule, known before it starts. */
export interface PlannedFaultInfo {
  /** The fault key its ops carry (`kill-busiest#1`). */
  key: string;
  action: string;
  target: string;
  startMs: number;
  endMs: number;
}

/** What a live view knows about a run before its first op. */
export interface LiveRunInfo {
  scenario: string;
  target: string;
  strategy: string | null;
  seed: number;
  /** Planned run length (0 when open-ended). */
  durationMs: number;
  /** App node names known up front (empty for an external target: learned from ops' `node`). */
  nodes: string[];
  redis: { primary: string; replicas: string[]; sentinels: number } | null;
  plannedFaults: PlannedFaultInfo[];
  /** Fault keys available (lab or scenario targets). */
  interactive: boolean;
  /** The journey's login page: a read sent there is no success in the live coverage (default `/login`). */
  loginPath?: string;
}

/** How the dashboard asks the run to act. The CLI acts; results arrive as fault ops via `add()`. */
export interface LiveControls {
  command(c: DashboardCommand): void;
}

/** The end of a run, as the live view shows it last. */
export interface LiveFinal {
  verdict: Verdict;
  lines: string[];
}

/** The Reporter contract (k6's Output): start, a non-blocking add, stop. */
export interface LiveReporter {
  start(info: LiveRunInfo): void;
  /** Every op (VU and fault), in time order; counters only, O(1). */
  add(op: Op): void;
  /** Live finding occurrences (core's FindingListener); `vu` when one VU was affected. */
  finding(kind: FindingKind, time: number, count: number, vu?: number | null): void;
  /** A line to show (e.g. "traffic paused", "healing..."). */
  notice(text: string): void;
  /** Last frame / final lines, unmount, restore the terminal. */
  stop(final: LiveFinal): Promise<void>;
}
