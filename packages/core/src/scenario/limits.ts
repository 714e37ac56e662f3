/**
 * Every bound a scenario is held to, in one place so that the messages, the docs and the tests agree.
 * Each exists because a value past it either cannot work (a timer past 2^31 - 1 ms fires at once) or
 * would take the machine down (a million users in one process), and silently clamping would make the
 * run test something other than what the file says.
 */
export const LIMITS = {
  /** Longest duration anywhere in a scenario: 7 days, well inside a Node timer's 2^31 - 1 ms. */
  maxDurationMs: 7 * 24 * 3_600_000,
  /** Virtual users in one process (closed `users`, open `maxUsers`); more runs as shards. */
  maxUsers: 100_000,
  /** Open model arrivals per second. */
  minRate: 0.001,
  maxRate: 100_000,
  /** Iterations per VU. */
  maxIterations: 1_000_000_000,
  /** Occurrences of a repeated fault. */
  maxFaultTimes: 100_000,
  /** Faults in one scenario. */
  maxFaults: 1_000,
  /** Pause between two probe rounds: never 0 (a busy loop), at most an hour. */
  minProbeEveryMs: 100,
  maxProbeEveryMs: 3_600_000,
  /** App nodes behind a URL target (a count or a list). */
  maxTargetNodes: 1_000,
  /** Seeds feed a 32-bit generator: larger ones would be silently folded. */
  maxSeed: 4_294_967_295,
  /** The scenario file itself: a hand-written scenario is a few KiB. */
  maxFileBytes: 128 * 1024,
  /** YAML aliases (`*name`) in one file, and how deep mappings and lists may nest. */
  maxAliases: 100,
  maxDepth: 64,
  /** Errors listed in full; past this, the rest are counted. */
  maxErrors: 100,
} as const;

/** `604800000` → `7d`-style words for messages: the range a user can act on. */
export function durationWords(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d (${ms} ms)`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
