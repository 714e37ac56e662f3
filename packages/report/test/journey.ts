import type { Hop, HistoryBuilder } from '@sessionchaos/core';

// Steps of the lab's default journey for hand-built histories (after core's test/checkers/journey.ts).

/** A successful login of VU `vu` at `t` (12 ms long), ending with session `after`. */
export function login(h: HistoryBuilder, vu: number, t: number, after: string, node: string): void {
  const hops: Hop[] = [
    {
      method: 'POST',
      url: '/login',
      status: 303,
      location: '/',
      sent: [],
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
    { user: `user-${vu}` },
    { status: 200, session: after, hops, node, user: `user-${vu}` },
  );
}

/** A `whoami` (5 ms) answered with `status`; a 401 answers anonymous. */
export function whoami(
  h: HistoryBuilder,
  vu: number,
  t: number,
  session: string,
  node: string,
  status = 200,
): void {
  const identity = status === 401 ? null : status === 200 ? `user-${vu}` : undefined;
  h.step(
    vu,
    'whoami',
    t,
    t + 5,
    { session, method: 'GET', url: '/api/me' },
    { status, session, node, ...(identity !== undefined ? { identity } : {}) },
  );
}
