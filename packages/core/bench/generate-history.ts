import type { FaultOp, Hop, Op, VuOp, VuStep } from '../src/history/op.ts';

/** What to generate: `vus` VUs walking the lab journey until `ops` ops exist. */
export interface GenerateOptions {
  vus: number;
  ops: number;
  seed: number;
  /** Ops are yielded in batches of about this many (one batch per tick of the run). */
  tickMs?: number;
}

// Small seeded PRNG (mulberry32): the same seed gives the same history.
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Vu {
  id: number;
  node: string;
  cursor: number;
  session: string | undefined;
  written: number;
  sessions: number;
}

const JOURNEY: VuStep[] = [
  'visit',
  'login',
  ...Array.from({ length: 20 }, () => ['whoami', 'write', 'read', 'request'] as VuStep[]).flat(),
  'logout',
];
const NODES = ['app-1', 'app-2', 'app-3'];

/**
 * Yields a realistic history in batches, in time order: every VU does one step per tick
 * (visit, login through a 303, whoami, write, read, a page, logout), spread over the tick. Two
 * faults: app-2 is killed (its VUs get 401 and log in again elsewhere: lost sessions), then
 * the session store is down for 3 s (5xx everywhere); a few stale reads and one leak are mixed in.
 */
export function* generateHistory(o: GenerateOptions): Generator<Op[]> {
  const rnd = random(o.seed);
  const tickMs = o.tickMs ?? 500;
  const vus: Vu[] = Array.from({ length: o.vus }, (_, i) => ({
    id: i + 1,
    node: NODES[i % 3]!,
    cursor: 0,
    session: undefined,
    written: 0,
    sessions: 0,
  }));
  const ticks = Math.ceil(o.ops / (2 * o.vus));
  const killAt = Math.floor(ticks * 0.3) * tickMs;
  const healAt = killAt + 10_000;
  const storeDownAt = Math.floor(ticks * 0.7) * tickMs;
  const storeUpAt = storeDownAt + 3_000;
  const leakTick = Math.floor(ticks / 2);
  let index = 0;
  let id = 0;
  let emitted = 0;
  const fault = (
    time: number,
    type: 'invoke' | 'ok',
    f: string,
    action: FaultOp['action'],
    target: string,
  ): FaultOp => ({
    index: 0,
    id: type === 'invoke' ? ++id : id,
    type,
    time,
    process: 'fault',
    fault: f,
    action,
    target,
  });
  for (let tick = 0; tick < ticks && emitted < o.ops; tick++) {
    const t0 = tick * tickMs;
    const batch: Op[] = [];
    if (t0 === killAt)
      batch.push(
        fault(t0, 'invoke', 'kill-app-2', 'kill', 'app'),
        fault(t0 + 1, 'ok', 'kill-app-2', 'kill', 'app'),
      );
    if (t0 === healAt)
      batch.push(
        fault(t0, 'invoke', 'kill-app-2', 'heal', 'app'),
        fault(t0 + 1, 'ok', 'kill-app-2', 'heal', 'app'),
      );
    if (t0 === storeDownAt)
      batch.push(
        fault(t0, 'invoke', 'redis-down', 'stop', 'redis-primary'),
        fault(t0 + 1, 'ok', 'redis-down', 'stop', 'redis-primary'),
      );
    if (t0 === storeUpAt)
      batch.push(
        fault(t0, 'invoke', 'redis-down', 'heal', 'redis-primary'),
        fault(t0 + 1, 'ok', 'redis-down', 'heal', 'redis-primary'),
      );
    const appDown = t0 >= killAt && t0 < healAt;
    const storeDown = t0 >= storeDownAt && t0 < storeUpAt;
    for (const vu of vus) {
      const start = t0 + 2 + rnd() * (tickMs * 0.6);
      const latency = 1 + rnd() * rnd() * 80;
      const [invoke, done] = step(vu, start, latency, appDown, storeDown, rnd, ++id);
      // One response, once, names another user (a cache serving the wrong page).
      if (tick === leakTick && vu.id === 7 && typeof done.identity === 'string') done.identity = 'user-8';
      batch.push(invoke, done);
    }
    batch.sort((a, b) => a.time - b.time);
    for (const op of batch) op.index = index++;
    emitted += batch.length;
    yield batch;
  }
}

function cookieHops(
  method: string,
  url: string,
  status: number,
  location: string | undefined,
  sent: string | undefined,
  set: string | undefined,
  node: string,
  then: string,
): Hop[] {
  const first: Hop = {
    method,
    url,
    status,
    sent: sent ? [{ name: 'sid', hash: sent }] : [],
    set: set ? [{ name: 'sid', hash: set }] : [],
    node,
  };
  if (location !== undefined) first.location = location;
  const cookie = set ?? sent;
  return [
    first,
    {
      method: 'GET',
      url: then,
      status: 200,
      sent: cookie && set !== '' ? [{ name: 'sid', hash: cookie }] : [],
      set: [],
      node,
    },
  ];
}

function step(
  vu: Vu,
  start: number,
  latency: number,
  appDown: boolean,
  storeDown: boolean,
  rnd: () => number,
  id: number,
): [VuOp, VuOp] {
  const kind = JOURNEY[vu.cursor]!;
  vu.cursor = (vu.cursor + 1) % JOURNEY.length;
  // VUs on the killed node move to a survivor, which does not know their in-memory session.
  let lost = false;
  if (appDown && vu.node === 'app-2') {
    vu.node = NODES[vu.id % 2 === 0 ? 0 : 2]!;
    lost = vu.session !== undefined;
  }
  const invoke: VuOp = { index: 0, id, type: 'invoke', time: start, process: vu.id, step: kind, epoch: 0 };
  if (vu.session !== undefined) invoke.session = vu.session;
  const done: VuOp = {
    index: 0,
    id,
    type: 'ok',
    time: start + latency,
    process: vu.id,
    step: kind,
    epoch: 0,
    latency,
    node: vu.node,
  };
  if (storeDown && kind !== 'visit') {
    done.status = 500;
    return [invoke, done];
  }
  switch (kind) {
    case 'visit':
      invoke.method = 'GET';
      invoke.url = '/login';
      done.status = 200;
      break;
    case 'login': {
      invoke.method = 'POST';
      invoke.url = '/login';
      invoke.user = `user-${vu.id}`;
      const fresh = `${vu.id.toString(36)}-${(vu.sessions++).toString(36)}`;
      done.status = 200;
      done.identity = `user-${vu.id}`;
      done.hops = cookieHops('POST', '/login', 303, '/', vu.session, fresh, vu.node, '/');
      vu.session = fresh;
      vu.written = 0;
      break;
    }
    case 'logout':
      invoke.method = 'POST';
      invoke.url = '/logout';
      done.status = 200;
      done.hops = cookieHops('POST', '/logout', 303, '/login', vu.session, undefined, vu.node, '/login');
      vu.session = undefined;
      vu.cursor = 0;
      break;
    case 'write':
      invoke.method = 'POST';
      invoke.url = '/api/data';
      invoke.value = ++vu.written;
      done.status = 200;
      done.value = vu.written;
      break;
    case 'read':
      invoke.method = 'GET';
      invoke.url = '/api/data';
      done.status = 200;
      // One read in a thousand comes back one write behind (a lagging replica).
      done.value = vu.written > 1 && rnd() < 0.001 ? vu.written - 1 : vu.written;
      break;
    default:
      invoke.method = 'GET';
      invoke.url = kind === 'whoami' ? '/api/me' : '/';
      done.status = 200;
      done.identity = `user-${vu.id}`;
  }
  if (vu.session !== undefined) done.session = vu.session;
  // Their next request is refused; they start over and log in again.
  if (lost && kind !== 'login' && kind !== 'visit' && kind !== 'logout') {
    done.status = 401;
    done.identity = null;
    delete done.value;
    vu.session = undefined;
    vu.cursor = 0;
  }
  return [invoke, done];
}
