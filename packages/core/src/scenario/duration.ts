import { LIMITS, durationWords } from './limits.ts';

/** A length of time in a scenario: a number of milliseconds, or a string such as `500ms`, `30s`, `2m`, `1.5s`. */
export type Duration = number | string;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** A duration written as a string: a number and an optional unit (ms by default). */
export const DURATION_PATTERN = /^\s*(\d{1,15}(?:\.\d{1,9})?)\s*(ms|s|m|h|d)?\s*$/;

/**
 * Milliseconds of a duration, or an error message saying how to write one and its valid range
 * (0 to {@link LIMITS.maxDurationMs}: past it a timer would overflow and fire at once).
 */
export function parseDuration(value: unknown): number | { error: string } {
  let ms: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) ms = value;
  else if (typeof value === 'string') {
    const m = DURATION_PATTERN.exec(value);
    if (m) ms = Math.round(Number(m[1]) * UNITS[m[2] ?? 'ms']!);
  }
  if (ms === undefined)
    return {
      error: `${JSON.stringify(value)} is not a duration. Write a number of ms or a string like 500ms, 30s, 2m, 1h`,
    };
  if (ms > LIMITS.maxDurationMs)
    return {
      error: `${JSON.stringify(value)} is too long: a duration must be between 0 and ${durationWords(LIMITS.maxDurationMs)}`,
    };
  return ms;
}

/** Formats ms as the shortest exact duration string (`30s`, `1500ms`, `2m`). */
export function formatDuration(ms: number): string {
  if (ms !== 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms !== 0 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
