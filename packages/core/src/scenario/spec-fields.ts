import { parseDuration } from './duration.ts';
import type { SpecErrors } from './spec-error.ts';

/** Records an error for each key of `obj` not in `valid`. */
export function unknownKeys(
  errors: SpecErrors,
  at: string,
  obj: Record<string, unknown>,
  valid: string[],
): void {
  for (const key of Object.keys(obj)) {
    if (!valid.includes(key))
      errors.add(at ? `${at}.${key}` : key, `unknown field "${key}". Valid fields: ${valid.join(', ')}`);
  }
}

/** A duration field: its ms, or `undefined` after recording the error (absent stays `undefined`). */
export function durationAt(errors: SpecErrors, at: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (typeof ms === 'number') return ms;
  errors.add(at, ms.error);
  return undefined;
}

/** A plain object (not null, not a list): a mapping of the scenario file. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
