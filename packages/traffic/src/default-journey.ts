import type { VirtualUser, VuContext } from './virtual-user.ts';

/** One iteration of a VU: what it does between two think pauses. `think` resolves early on stop. */
export type Iteration = (vu: VirtualUser, ctx: VuContext, think: () => Promise<void>) => Promise<void>;

/**
 * The default journey: visit, log in (when not logged in; after a login whose answer was cut off,
 * whoami first tells whether it went through), whoami, write and read session data,
 * think, and now and then log out (the next iteration logs in again). Choices come from the
 * VU's seeded random, so a seed replays the same decisions.
 */
export const defaultIteration: Iteration = async (vu, ctx, think) => {
  const j = ctx.journey;
  const c = ctx.compiled;
  vu.renew(ctx);
  if (!vu.loggedIn && vu.loginUnsure) {
    // The last login may have gone through. Logging in again could not tell: a FORM login's
    // protected page then answers its content, not the form, and the login would fail on every
    // iteration to the end of the run (seen on Tomcat, a node killed mid-login).
    const me = await vu.step(ctx, 'whoami', c.whoami);
    if (ctx.stop.stopping) return;
    if (typeof me.identity === 'string') vu.loggedIn = true;
    // Named or anonymous settles it; no answer (a 5xx) leaves it to ask again next time.
    if (me.identity !== undefined) vu.loginUnsure = false;
  }
  if (!vu.loggedIn) {
    // A visit that fails does not stop the login: the login's own answer says whether it worked.
    await vu.role(ctx, 'visit');
    if (ctx.stop.stopping) return;
    const login = await vu.role(ctx, 'login');
    vu.loggedIn = login?.type === 'ok';
    if (vu.loggedIn) vu.loginUnsure = false;
    else if (login?.type === 'info') vu.loginUnsure = true;
    if (!vu.loggedIn) return think();
  }
  if (ctx.stop.stopping) return;
  const me = await vu.step(ctx, 'whoami', c.whoami);
  // The target says we are anonymous (a lost session): a real user logs in again next time.
  if (me.identity === null) vu.loggedIn = false;
  if (c.write && !ctx.stop.stopping) await vu.step(ctx, 'write', c.write, { value: ++vu.writes });
  if (c.read && !ctx.stop.stopping) await vu.step(ctx, 'read', c.read);
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
