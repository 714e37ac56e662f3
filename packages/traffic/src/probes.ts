import type { VuOp } from '@sessionchaos/core';
import type { VirtualUser } from './virtual-user.ts';
import type { VuContext } from './vu-context.ts';

/** Probe names, as recorded in `VuOp.probe`. */
export const PROBES = {
  concurrentWrite: 'concurrent-write',
  replayAfterLogout: 'replay-after-logout',
  preLoginSession: 'pre-login-session',
} as const;

async function ensureLoggedIn(ctx: VuContext, vu: VirtualUser, probe: string): Promise<boolean> {
  await vu.settleLogin(ctx, { probe });
  if (vu.loggedIn) return true;
  await vu.logIn(ctx, { probe });
  return vu.loggedIn;
}

/**
 * Lost updates: `count` writes of distinct values sent at once on one session, then a read.
 * A store that merges badly answers the read with none of them, or loses later writes.
 */
export async function concurrentWritesProbe(ctx: VuContext, vu: VirtualUser, count = 5): Promise<VuOp[]> {
  const probe = PROBES.concurrentWrite;
  const { write, read } = ctx.compiled;
  if (!write || !read || !(await ensureLoggedIn(ctx, vu, probe))) return [];
  const base = ++vu.writes;
  const writes = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      vu.step(ctx, 'write', write, { value: `${vu.id}-${base}-${i}`, probe }),
    ),
  );
  return [...writes, await vu.step(ctx, 'read', read, { probe })];
}

/**
 * Logout propagation: keeps the session cookie, logs out, then replays the old cookie on whoami
 * against every node directly (`nodeOrigins`, e.g. `http://127.0.0.1:8081`) and the target.
 * Any identity other than `null` in those ops means the logout did not reach that node.
 */
export async function replayAfterLogoutProbe(
  ctx: VuContext,
  vu: VirtualUser,
  nodeOrigins: string[],
  /** Wait between the logout and the replays: past the checkers' logout grace, so the replays are judged. */
  delayMs = 0,
): Promise<VuOp[]> {
  const probe = PROBES.replayAfterLogout;
  const { logout, whoami } = ctx.compiled;
  if (logout.length === 0 || !(await ensureLoggedIn(ctx, vu, probe))) return [];
  const old = vu.jar.outgoing(ctx.origin + '/').header;
  // A token session is replayed with the token held before the logout (the client forgets it at logout).
  const oldVars = vu.vars ? new Map(vu.vars) : undefined;
  const out = await vu.role(ctx, 'logout', { probe });
  const ops = out ? [out] : [];
  if (out?.type === 'ok') vu.loggedIn = false;
  await ctx.stop.sleep(delayMs);
  const nodeCtx: VuContext = {
    ...ctx,
    exchange: { ...ctx.exchange, allowedOrigins: new Set([...ctx.exchange.allowedOrigins, ...nodeOrigins]) },
  };
  for (const origin of [ctx.origin, ...nodeOrigins]) {
    ops.push(
      await vu.step(nodeCtx, 'whoami', whoami, {
        probe,
        origin,
        cookieOverride: old,
        ...(oldVars ? { varsOverride: oldVars } : {}),
      }),
    );
  }
  return ops;
}

/** Result of the fixation probe: the session hash handed out before login and the one held after it. */
export interface FixationResult {
  before?: string;
  after?: string;
  /** The session id survived the login: session fixation. */
  fixated: boolean;
  ops: VuOp[];
}

/**
 * Session fixation: a fresh jar opens the login page (the target may hand out a session), then
 * logs in. A target that does not regenerate the id at login keeps the same session hash.
 */
export async function preLoginSessionProbe(ctx: VuContext, vu: VirtualUser): Promise<FixationResult> {
  const probe = PROBES.preLoginSession;
  vu.jar.clear();
  vu.epoch++;
  vu.loggedIn = false;
  vu.loginUnsure = false;
  vu.vars = undefined;
  const visit = await vu.step(ctx, 'visit', { method: 'GET', path: ctx.journey.loginPage }, { probe });
  const login = await vu.logIn(ctx, { probe });
  const before = visit.session;
  const after = login?.session;
  return {
    before,
    after,
    fixated: before !== undefined && before === after && vu.loggedIn,
    ops: login ? [visit, login] : [visit],
  };
}
