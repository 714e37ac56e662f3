import type { Verdict } from '@sessionchaos/core';

/** Fixed exit codes (ARCHITECTURE.md, "Contracts users depend on"). */
export const EXIT = {
  /** The gate passed. */
  pass: 0,
  /** The gate failed: anomalies or thresholds. */
  fail: 1,
  /** The run could not decide (e.g. the target never answered). */
  unknown: 2,
  /**
   * The run was interrupted (Ctrl-C, or `q` in the dashboard; SIGTERM exits 143): its verdict is
   * `interrupted`, never a pass. Only `run` exits so: `report` and `merge` of an interrupted run exit 2.
   */
  interrupted: 130,
  /** Bad usage or an invalid scenario. */
  usage: 64,
  /** The environment is missing something (no Docker engine, target unreachable at start). */
  environment: 69,
} as const;

/**
 * The exit code of a verdict re-judged from files (`report`, `merge`): an interrupted run could not
 * decide, so 2; the process that re-judged it was not interrupted itself.
 */
export function verdictExit(verdict: Verdict): number {
  if (verdict === 'pass') return EXIT.pass;
  if (verdict === 'fail') return EXIT.fail;
  return EXIT.unknown;
}
