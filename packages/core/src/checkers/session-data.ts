import type { DataValue, VuOp } from '../history/op.ts';
import { bounced, endsSession } from './response.ts';

/** What a checker remembers about one VU's session data: which session it belongs to. */
export interface SessionScope {
  epoch: number;
  session: string | undefined;
}

/** Steps that touch session data (reads, writes, and what starts or ends a session); others are skipped early. */
export function touchesSessionData(op: VuOp): boolean {
  const step = op.step;
  return step === 'write' || step === 'read' || step === 'login' || step === 'logout';
}

/**
 * The op as the data checkers judge it: a read or write completed `ok` that was bounced (sent
 * to the login page, or refused) is a `fail`. The read returned the login page, not the session's
 * value, so it is not judged; the write was not applied.
 */
export function asDataOp(op: VuOp, loginPath: string): VuOp {
  if (op.type !== 'ok' || (op.step !== 'read' && op.step !== 'write') || !bounced(op, loginPath)) return op;
  return { ...op, type: 'fail' };
}

/** Whether `op` belongs to another session than the one remembered: a new epoch, or another session cookie. */
export function isNewSession(scope: SessionScope, op: VuOp): boolean {
  return (
    scope.epoch !== op.epoch ||
    (op.session !== undefined && scope.session !== undefined && op.session !== scope.session)
  );
}

/**
 * Whether a login or logout completion ends the session data a checker remembers: any login
 * completion (the VU starts afresh), and a logout that succeeded. A logout answered 5xx, 4xx
 * or not at all left the session, and its data, as it was.
 */
export function endsSessionData(op: VuOp): boolean {
  return op.type !== 'invoke' && (op.step === 'login' || endsSession(op));
}

// Keys of small integers (the usual written values: counters), made once each. A key made
// anew per op is garbage, and a fresh string's hash is computed again on every Map lookup.
const INT_KEYS: string[] = [];
const INT_KEYS_MAX = 1 << 16;

/**
 * A value as a comparable key: `1` and `"1"` are the same value for a JSON-speaking target. A
 * capture may hand over any JSON (a cart of objects): lists and objects are keyed as JSON.
 */
export function valueKey(value: Exclude<DataValue, null>): string {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value < INT_KEYS_MAX
      ? (INT_KEYS[value] ??= String(value))
      : String(value);
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A read's count under `increment` semantics: `null` is nothing counted yet; not a count is `undefined`. */
export function countOf(value: DataValue): number | undefined {
  if (value === null) return 0;
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const n = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** A read's items under `append` semantics, as keys: `null` is an empty list; a scalar is no list. */
export function itemsOf(value: DataValue): string[] | undefined {
  if (value === null) return [];
  return Array.isArray(value) ? value.map((item) => (item === null ? 'null' : valueKey(item))) : undefined;
}
