// Resident memory of N logged-in idle VUs (run with --expose-gc, in its own process so nothing
// else is on the heap): each holds its own tough-cookie jar with one session cookie and its
// journey state. Prints one JSON line.
import { DEFAULT_JOURNEY, deriveSeed, seededRandom } from '@sessionchaos/core';
import {
  Recorder,
  StopSignal,
  VirtualUser,
  compileJourney,
  createHttpClient,
  credentialsOf,
  type VuContext,
} from '../src/index.ts';

const [origin, countArg, realArg] = process.argv.slice(2);
const count = Number(countArg ?? 100_000);
const real = Math.min(count, Number(realArg ?? 5_000));
const gc = (globalThis as { gc?: () => void }).gc;
if (!origin || !gc) throw new Error('usage: node --expose-gc memory-vus.ts <origin> [count]');

// The bench target answers POST /login with 200 and a cookie (no redirect), so its login page is elsewhere.
const journey = {
  ...DEFAULT_JOURNEY,
  loginPage: '/sign-in',
  login: { method: 'POST' as const, path: '/login' },
};
const stop = new StopSignal();
const ctx: VuContext = {
  client: createHttpClient({ connections: 50 }),
  recorder: new Recorder(() => {}),
  journey,
  origin,
  exchange: { maxHops: 10, allowedOrigins: new Set([origin]), node: journey.node, signal: stop.signal },
  compiled: compileJourney(journey),
  stop,
};

function settle(): NodeJS.MemoryUsage {
  for (let i = 0; i < 4; i++) gc?.();
  return process.memoryUsage();
}

// Warm the client and the code paths first, so the baseline holds them.
const warm = new VirtualUser(0, 'warm', 'secret', seededRandom(1));
for (let i = 0; i < 200; i++) await warm.step(ctx, 'login', journey.login);
const before = settle();

const vus: VirtualUser[] = new Array(count);
const newVu = (n: number): VirtualUser => {
  const c = credentialsOf(journey, n);
  return new VirtualUser(n, c.username, c.password, seededRandom(deriveSeed(1, n)));
};
let nextVu = 0;
const t0 = performance.now();
// The first `real` VUs log in over HTTP (as many as the time allows on a busy 2-core machine);
// the rest get the same Set-Cookie shape the target sends (a unique 32-hex sid each) through the
// same jar path, then make one cookie lookup, as their next request would.
await Promise.all(
  Array.from({ length: 50 }, async () => {
    while (nextVu < real) {
      const n = ++nextVu;
      const vu = newVu(n);
      vu.loggedIn = (await vu.step(ctx, 'login', journey.login)).type === 'ok';
      vus[n - 1] = vu;
    }
  }),
);
for (let n = real + 1; n <= count; n++) {
  const vu = newVu(n);
  vu.jar.store(`${origin}/login`, `sid=${(0x10000000 + n).toString(16).padStart(32, '0')}; Path=/; HttpOnly`);
  vu.jar.outgoing(`${origin}/`);
  vu.loggedIn = true;
  vus[n - 1] = vu;
}
const loginMs = performance.now() - t0;
const after = settle();
const loggedIn = vus.filter((v) => v.loggedIn && v.jar.value(origin, 'sid') !== undefined).length;
await ctx.client.close();
process.stdout.write(
  `${JSON.stringify({
    count,
    real,
    loggedIn,
    loginMs,
    rssBytes: after.rss - before.rss,
    heapBytes: after.heapUsed - before.heapUsed,
  })}\n`,
);
