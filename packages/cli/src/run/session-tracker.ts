import { endsSession, type VuOp } from '@sessionchaos/core';

/**
 * Live sessions per node, as the traffic sees them: a VU's session counts on the node of its last
 * authenticated answer, until it logs out (a logout that failed leaves it live) or is refused.
 * `busiest` victim selection reads it.
 */
export class SessionTracker {
  readonly #nodeOf = new Map<number, string>();

  /** Feeds one VU completion. */
  feed(op: VuOp): void {
    if (op.type === 'invoke') return;
    const refused = op.status === 401 || op.status === 403 || op.identity === null;
    if (endsSession(op) || refused) {
      this.#nodeOf.delete(op.process);
      return;
    }
    if (op.node === undefined || op.status === undefined || op.status >= 300) return;
    if (op.step === 'login' || op.step === 'whoami' || op.step === 'write' || op.step === 'read')
      this.#nodeOf.set(op.process, op.node);
  }

  /** Live sessions by node name. */
  counts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const node of this.#nodeOf.values()) out.set(node, (out.get(node) ?? 0) + 1);
    return out;
  }
}
