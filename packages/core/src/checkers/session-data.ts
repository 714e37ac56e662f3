import type { VuOp } from '../history/op.ts';

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

/** Whether `op` belongs to another session than the one remembered: a new epoch, or another session cookie. */
export function isNewSession(scope: SessionScope, op: VuOp): boolean {
  return (
    scope.epoch !== op.epoch ||
    (op.session !== undefined && scope.session !== undefined && op.session !== scope.session)
  );
}
