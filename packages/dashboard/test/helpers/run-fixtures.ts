import { RunAnalyzer, type HistoryBuilder, type Op } from '@sessionchaos/core';
import type { LiveRunInfo } from '../../src/index.ts';
import { LiveState } from '../../src/index.ts';

/** A 3-node sticky lab run of 30 s with one planned kill at 10–18 s and a Redis pair. */
export function labInfo(over: Partial<LiveRunInfo> = {}): LiveRunInfo {
  return {
    scenario: 'sticky-busiest-killed',
    target: 'http://127.0.0.1:8080',
    strategy: 'sticky',
    seed: 42,
    durationMs: 30_000,
    nodes: ['app-1', 'app-2', 'app-3'],
    redis: null,
    plannedFaults: [
      { key: 'kill-busiest#1', action: 'kill', target: 'app', startMs: 10_000, endMs: 18_000 },
      { key: 'pause-one#1', action: 'pause', target: 'app', startMs: 24_000, endMs: 27_000 },
    ],
    interactive: true,
    ...over,
  };
}

/**
 * Logs VUs in on a node each (VU n on `app-((n-1) % 3 + 1)`), so sessions are placed the way a
 * sticky balancer places them. Returns the VU ids.
 */
export function logIn(h: HistoryBuilder, vus: number, at: number, nodeOf = stickyNode): number[] {
  const ids = Array.from({ length: vus }, (_, i) => i + 1);
  for (const vu of ids) {
    h.step(
      vu,
      'login',
      at,
      at + 5,
      { user: `user-${vu}` },
      { status: 200, node: nodeOf(vu), identity: `user-${vu}`, session: `s${vu}` },
    );
  }
  return ids;
}

/** VU n's node on a 3-node sticky lab. */
export function stickyNode(vu: number): string {
  return `app-${((vu - 1) % 3) + 1}`;
}

/** Each VU asks "who am I" once per second from `from` to `to` (ms), answered by `answer`. */
export function whoamiEverySecond(
  h: HistoryBuilder,
  vus: readonly number[],
  from: number,
  to: number,
  answer: (
    vu: number,
    t: number,
  ) => { status: number; node?: string; identity?: string | null; latency?: number; session?: string },
): void {
  for (let t = from; t < to; t += 1000) {
    for (const vu of vus) {
      const a = answer(vu, t);
      // The session, when given, is sent with the request and held after it.
      const sent = a.session !== undefined ? { session: a.session } : {};
      h.step(vu, 'whoami', t + vu, t + vu + (a.latency ?? 10), sent, a);
    }
  }
}

/** A LiveState fed with every op of `h` and core's finding occurrences, the way a run feeds it. */
export function stateOf(info: LiveRunInfo, ops: readonly Op[]): LiveState {
  const s = new LiveState(info);
  const analyzer = new RunAnalyzer({}, undefined, (kind, time, count, vu) =>
    s.finding(kind, time, count, vu),
  );
  for (const op of ops) {
    analyzer.feed(op);
    s.add(op);
  }
  return s;
}
