import { CONFIRM_REFUSAL_PROBE, type VuOp } from '@sessionchaos/core';
import type { VirtualUser } from './virtual-user.ts';
import type { VuContext } from './vu-context.ts';

/** How long a refused session is tried again, at most, before it is given up as lost. */
export const CONFIRM_FOR_MS = 3_000;
/**
 * How long, at least, before a loss is settled: a replica's copy arriving late (300 ms in the lab's
 * async cluster, past a second under load) is a transient refusal, not a loss.
 */
export const CONFIRM_AT_LEAST_MS = 1_000;
/** Pause between two replays (a burst of refusals or a late replica copy gets time to pass). */
const PAUSE_MS = 50;
/**
 * Refusals by the refusing node, after the first, that settle the loss (once
 * {@link CONFIRM_AT_LEAST_MS} has passed): a node that refuses a valid session at random (30% of
 * answers, say) refuses it this many times in a row with a chance of 0.3^8, under 1 in 10,000, while
 * a node that lost it refuses every time. Two (the rule's minimum) were not enough: a burst of random
 * refusals on a healthy cluster refused twice in a row often.
 */
export const REFUSALS_TO_CONFIRM = 8;

/** The answer says "not logged in": 401/403, an anonymous whoami, or the chain ended on the login page. */
export function refusedAsAnonymous(op: VuOp, loginPage: string): boolean {
  if (op.identity === null || op.status === 401 || op.status === 403) return true;
  const hops = op.hops;
  if (op.status === undefined || !hops || hops.length < 2) return false;
  const url = hops[hops.length - 1]!.url;
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/[?#].*$/, '');
  return path === loginPage;
}

/**
 * After a refusal of a session seen alive (an answer had named the user with it), tries that very
 * session again before the user logs in again (which would destroy the evidence): whoami replays
 * with the cookie the refused request carried, recorded with `probe: 'confirm-refusal'`, every
 * 50 ms for up to {@link CONFIRM_FOR_MS}, through the balancer. Only answers from the node that
 * refused count (one naming no node counts as it): an answer there naming the user shows the
 * refusal was transient, and the user keeps the session; {@link REFUSALS_TO_CONFIRM} refusals there
 * over at least {@link CONFIRM_AT_LEAST_MS} (or refusals there for the whole time) confirm the loss,
 * and the user logs in again next time. The checker judges the recorded replays; this only
 * decides when to stop. Returns the replays (none when there was nothing to confirm).
 */
export async function confirmRefusal(vu: VirtualUser, ctx: VuContext, refused: VuOp): Promise<VuOp[]> {
  if (!vu.sessionSeen || !refusedAsAnonymous(refused, ctx.journey.loginPage)) return [];
  const cookie = vu.lastCookie;
  const node = refused.node;
  vu.sessionSeen = false;
  vu.loggedIn = false;
  const ops: VuOp[] = [];
  const from = ctx.recorder.now();
  let refusedHere = 0;
  const settled = (): boolean =>
    ctx.recorder.now() - from >= CONFIRM_AT_LEAST_MS && refusedHere >= REFUSALS_TO_CONFIRM;
  // A re-check under way goes on after the load's end, within its grace (until in-flight requests
  // are cut): cut short at the end, it left losses confirmed by two refusals 50 ms apart.
  while (!ctx.stop.signal.aborted && ctx.recorder.now() - from < CONFIRM_FOR_MS && !settled()) {
    const again = await vu.step(ctx, 'whoami', ctx.compiled.whoami, {
      probe: CONFIRM_REFUSAL_PROBE,
      cookieOverride: cookie,
    });
    ops.push(again);
    const here = node === undefined || again.node === undefined || again.node === node;
    if (here && again.identity === vu.user) {
      vu.sessionSeen = true;
      vu.loggedIn = true;
      break;
    }
    if (here && refusedAsAnonymous(again, ctx.journey.loginPage)) refusedHere++;
    if (ctx.stop.stopping) await new Promise((r) => setTimeout(r, PAUSE_MS));
    else await ctx.stop.sleep(PAUSE_MS);
  }
  return ops;
}
