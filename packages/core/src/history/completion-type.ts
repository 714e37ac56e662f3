import type { OpType, VuStep } from './op.ts';

/** Steps that change state on the server: a lost answer leaves their effect unknown. */
const MUTATING: ReadonlySet<VuStep> = new Set(['login', 'write', 'logout', 'request']);

/**
 * The completion type of an HTTP step, from its answer: no answer is `info`; a redirect loop or
 * a 5xx is `info` after a mutation (it may have had its effect) and `fail` otherwise; a 4xx is
 * `fail` (refused, no effect); anything else `ok`. The traffic recorder and hand-built test
 * histories both use it, so checkers see one convention: a 401 is a `fail` with a status.
 */
export function completionType(
  step: VuStep,
  status: number | undefined,
  redirectLoop?: 'repeat' | 'cap',
): Exclude<OpType, 'invoke'> {
  if (status === undefined) return 'info';
  if (redirectLoop !== undefined || status >= 500) return MUTATING.has(step) ? 'info' : 'fail';
  return status >= 400 ? 'fail' : 'ok';
}
