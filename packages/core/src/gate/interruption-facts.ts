import type { Verdict } from './threshold.ts';

/**
 * How a run ended before its plan did. Kept in run.json, so that `sessionchaos report <dir>` and
 * `merge` judge the run again as interrupted: a part of a run is not the run.
 */
export interface Interruption {
  /**
   * `signal`: Ctrl-C or SIGTERM; `user`: the dashboard's `q`; `unfinished`: the process ended
   * (SIGKILL, a crash, a second Ctrl-C) before it wrote its reports: what run.json says while a run is under way.
   */
  by: 'signal' | 'user' | 'unfinished';
  /** Run-clock ms at which the load was stopped; absent for `unfinished` (the history's span tells). */
  atMs?: number;
  /** The load's planned length; absent when the load is bounded by iterations. */
  plannedMs?: number;
  /** Every fault occurrence the plan held: its key (the history's fault id), action and start. */
  plannedFaults: { id: string; action: string; startMs: number }[];
  /** In a merged run, the shards that were interrupted. */
  shards?: number[];
}

/** What of an interrupted run actually ran, for its reason and for summary.json. */
export interface InterruptionFacts {
  by: Interruption['by'];
  atMs: number;
  plannedMs: number | null;
  requests: number;
  /** Planned fault occurrences that started (the history holds them), and those that never did. */
  faultsStarted: string[];
  faultsNotStarted: string[];
  /** The verdict the part that ran would have had on its own: never the run's. */
  partialVerdict: Verdict;
  shards?: number[];
}
