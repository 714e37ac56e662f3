import { DEFAULT_CHECK_OPTIONS, type CheckOptions } from '../checkers/options.ts';
import type { SpecErrors } from './spec-error.ts';
import { CHECK_FIELDS, checkWrittenName } from './fields/check-fields.ts';
import { durationAt, isObject } from './spec-fields.ts';

// Checker options that are shares of a whole, 0..1.
const SHARES: ReadonlySet<string> = new Set(['minLoggedIn']);
/** `check`: checker options by name (durations without their `Ms`), each checked against its default's type. */
export function resolveCheck(errors: SpecErrors, raw: unknown): CheckOptions {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    errors.add('check', 'must be an object of checker options (e.g. {afterFault: 10s})');
    return {};
  }
  const valid = Object.keys(DEFAULT_CHECK_OPTIONS);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = valid.includes(key) ? key : valid.includes(`${key}Ms`) ? `${key}Ms` : undefined;
    if (name === undefined) {
      const shown = valid.map((k) => k.replace(/Ms$/, ''));
      errors.add(`check.${key}`, `unknown checker option "${key}". Valid options: ${shown.join(', ')}`);
    } else if (name.endsWith('Ms')) {
      out[name] = durationAt(errors, `check.${key}`, value);
    } else if (typeof DEFAULT_CHECK_OPTIONS[name as keyof CheckOptions] === 'string') {
      const values = CHECK_FIELDS[checkWrittenName(name)]?.values;
      if (typeof value !== 'string') errors.add(`check.${key}`, 'must be a string');
      else if (values !== undefined) errors.oneOf(`check.${key}`, value, values as readonly string[]);
      out[name] = value;
    } else if (errors.number(`check.${key}`, value, 0, SHARES.has(name) ? 1 : undefined)) {
      out[name] = value;
    }
  }
  return out as CheckOptions;
}
