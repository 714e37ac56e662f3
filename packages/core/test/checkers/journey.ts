import type { Hop } from '../../src/history/op.ts';
import type { HistoryBuilder } from '../../src/history/op-builders.ts';

// Small steps of the lab's default journey, for building checker histories by hand.

/** A successful login of VU `vu` at `t` (12 ms long): session `before` → `after`. */
export function login(
  h: HistoryBuilder,
  vu: number,
  t: number,
  after: string,
  before?: string,
  node = 'app-1',
): void {
  const hops: Hop[] = [
    {
      method: 'POST',
      url: '/login',
      status: 303,
      location: '/',
      sent: before ? [{ name: 'sid', hash: before }] : [],
      set: [{ name: 'sid', hash: after }],
      node,
    },
    { method: 'GET', url: '/', status: 200, sent: [{ name: 'sid', hash: after }], set: [], node },
  ];
  h.step(
    vu,
    'login',
    t,
    t + 12,
    { user: `user-${vu}`, ...(before ? { session: before } : {}) },
    {
      status: 200,
      session: after,
      hops,
      node,
      user: `user-${vu}`,
    },
  );
}

/** A `whoami` answered for `identity` (null = anonymous, status 401). */
export function whoami(
  h: HistoryBuilder,
  vu: number,
  t: number,
  session: string,
  identity: string | null = `user-${vu}`,
  node = 'app-1',
): void {
  h.step(
    vu,
    'whoami',
    t,
    t + 5,
    { session, method: 'GET', url: '/api/me' },
    {
      status: identity === null ? 401 : 200,
      identity,
      session,
      node,
    },
  );
}

/** A logout, acknowledged: 303 to /login, cookie cleared. */
export function logout(h: HistoryBuilder, vu: number, t: number, session: string, node = 'app-1'): void {
  h.step(
    vu,
    'logout',
    t,
    t + 5,
    { session, method: 'POST', url: '/logout' },
    {
      status: 200,
      node,
      hops: [
        {
          method: 'POST',
          url: '/logout',
          status: 303,
          location: '/login',
          sent: [{ name: 'sid', hash: session }],
          set: [{ name: 'sid', hash: '', cleared: true }],
          node,
        },
        { method: 'GET', url: '/login', status: 200, sent: [], set: [], node },
      ],
    },
  );
}

/** A login of VU `vu` at `t`, then a whoami naming the user at `t + 20`: a session seen alive. */
export function loggedIn(h: HistoryBuilder, vu: number, t: number, session: string, node = 'app-1'): void {
  login(h, vu, t, session, undefined, node);
  whoami(h, vu, t + 20, session, `user-${vu}`, node);
}

/** A whoami refused at `t` by `node`, then refused again there at `t + 20` (the re-check): a confirmed loss. */
export function refusedTwice(
  h: HistoryBuilder,
  vu: number,
  t: number,
  session: string,
  node = 'app-1',
): void {
  whoami(h, vu, t, session, null, node);
  whoami(h, vu, t + 20, session, null, node);
}
