import type { VirtualUser, VuContext } from './virtual-user.ts';

/** One iteration of a VU: what it does between two think pauses. `think` resolves early on stop. */
export type Iteration = (vu: VirtualUser, ctx: VuContext, think: () => Promise<void>) => Promise<void>;

/**
 * The default journey: visit, log in (when not logged in), whoami, write and read session data,
 * think, and now and then log out (the next iteration logs in again). Choices come from the
 * VU's seeded random, so a seed replays the same decisions.
 */
export const defaultIteration: Iteration = async (vu, ctx, think) => {
  const j = ctx.journey;
  if (vu.jar.renew(j.jarLifetime)) {
    vu.epoch++;
    vu.loggedIn = false;
  }
  if (!vu.loggedIn) {
    await vu.step(ctx, 'visit', j.visit);
    const login = await vu.step(ctx, 'login', j.login);
    vu.loggedIn = login.type === 'ok';
    if (!vu.loggedIn) return think();
  }
  if (ctx.stop.stopping) return;
  const me = await vu.step(ctx, 'whoami', j.whoami);
  // The target says we are anonymous (a lost session): a real user logs in again next time.
  if (me.identity === null) vu.loggedIn = false;
  if (j.write && !ctx.stop.stopping) await vu.step(ctx, 'write', j.write, { value: ++vu.writes });
  if (j.read && !ctx.stop.stopping) await vu.step(ctx, 'read', j.read);
  await think();
  if (j.logout && vu.random() < j.logoutChance && !ctx.stop.stopping) {
    await vu.step(ctx, 'logout', j.logout);
    vu.loggedIn = false;
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
