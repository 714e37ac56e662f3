import { confirmRefusal } from './confirm-refusal.ts';
import type { VirtualUser } from './virtual-user.ts';
import type { VuContext } from './vu-context.ts';

/** One iteration of a VU: what it does between two think pauses. `think` resolves early on stop. */
export type Iteration = (vu: VirtualUser, ctx: VuContext, think: () => Promise<void>) => Promise<void>;

/**
 * The default journey: visit, log in (when not logged in; after a login whose answer was cut off,
 * whoami first tells whether it went through), whoami (a refusal of a session seen alive is
 * replayed once, see {@link confirmRefusal}), write and read session data,
 * think, and now and then log out (the next iteration logs in again). Choices come from the
 * VU's seeded random, so a seed replays the same decisions.
 */
export const defaultIteration: Iteration = async (vu, ctx, think) => {
  const j = ctx.journey;
  const c = ctx.compiled;
  vu.renew(ctx);
  await vu.settleLogin(ctx);
  if (ctx.stop.stopping) return;
  if (!vu.loggedIn) {
    // A visit that fails does not stop the login: the login's own answer says whether it worked.
    await vu.role(ctx, 'visit');
    if (ctx.stop.stopping) return;
    if ((await vu.logIn(ctx))?.type !== 'ok') return think();
  }
  if (ctx.stop.stopping) return;
  const me = await vu.step(ctx, 'whoami', c.whoami);
  if (me.identity === vu.user) vu.sessionSeen = true;
  // The target says we are anonymous: a real user logs in again next time. A session seen alive is
  // first tried again, so that the history tells a lost session from a passing refusal.
  else if (me.identity === null) vu.loggedIn = false;
  await confirmRefusal(vu, ctx, me);
  if (c.write && !ctx.stop.stopping)
    await confirmRefusal(vu, ctx, await vu.step(ctx, 'write', c.write, { value: ++vu.writes }));
  if (c.read && !ctx.stop.stopping) await confirmRefusal(vu, ctx, await vu.step(ctx, 'read', c.read));
  await think();
  if (c.logout.length > 0 && vu.random() < j.logoutChance && !ctx.stop.stopping) {
    const logout = await vu.role(ctx, 'logout');
    // A logout that did not go through leaves the user logged in, as far as they know: the next
    // whoami tells whether the session is still there.
    if (logout?.type === 'ok') vu.loggedIn = false;
  }
};

/** A journey of one plain request per iteration (raw load with jars and recording; used by the bench). */
export function requestIteration(path = '/'): Iteration {
  const req = { method: 'GET' as const, path };
  return async (vu, ctx, think) => {
    await vu.step(ctx, 'request', req);
    await think();
  };
}
