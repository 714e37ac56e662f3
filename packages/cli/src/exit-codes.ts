/** Fixed exit codes (ARCHITECTURE.md, "Contracts users depend on"). */
export const EXIT = {
  /** The gate passed. */
  pass: 0,
  /** The gate failed: anomalies or thresholds. */
  fail: 1,
  /** The run could not decide (e.g. the target never answered). */
  unknown: 2,
  /** Bad usage or an invalid scenario. */
  usage: 64,
  /** The environment is missing something (no Docker engine, target unreachable at start). */
  environment: 69,
} as const;
