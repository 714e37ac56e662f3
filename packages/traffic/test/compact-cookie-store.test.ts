import test from 'ava';
import fc from 'fast-check';
import { Cookie, CookieJar, MemoryCookieStore, type Store } from 'tough-cookie';
import { CompactCookieStore } from '../src/compact-cookie-store.ts';

// The compact store must answer exactly as tough-cookie's memory store does, order included: the
// jar reads it unsorted, so the order is the order of the Cookie header a VU sends.

const show = (cookies: readonly Cookie[]): string[] =>
  cookies.map((c) => `${c.key}=${c.value} ${c.hostOnly ? '' : '.'}${c.domain}${c.path}`);

/** Two jars fed the same calls: one over each store. */
function pair(): { memory: CookieJar; compact: CookieJar; stores: [Store, Store] } {
  const m = new MemoryCookieStore();
  const c = new CompactCookieStore();
  return {
    memory: new CookieJar(m, { looseMode: true }),
    compact: new CookieJar(c, { looseMode: true }),
    stores: [m, c],
  };
}

const HOSTS = ['http://example.com', 'http://a.example.com', 'http://b.a.example.com', 'http://127.0.0.1:9'];
const PATHS = ['/', '/a', '/a/b', '/b'];
const NAMES = ['sid', 'csrf', 'a', '0', '7', '10', '__Host-x'];

type Command =
  | {
      kind: 'set';
      host: number;
      at: number;
      name: number;
      path: number | null;
      domain: boolean;
      clear: boolean;
      value: number;
    }
  | { kind: 'get'; host: number; at: number }
  | { kind: 'removeCookies'; host: number; path: number | null }
  | { kind: 'removeAll' };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      host: fc.nat(HOSTS.length - 1),
      at: fc.nat(PATHS.length - 1),
      name: fc.nat(NAMES.length - 1),
      path: fc.option(fc.nat(PATHS.length - 1)),
      domain: fc.boolean(),
      clear: fc.boolean(),
      value: fc.nat(99),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('get' as const),
      host: fc.nat(HOSTS.length - 1),
      at: fc.nat(PATHS.length - 1),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('removeCookies' as const),
      host: fc.nat(HOSTS.length - 1),
      path: fc.option(fc.nat(PATHS.length - 1)),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('removeAll' as const) }), weight: 1 },
);

test('any sequence of sets, clears, lookups and removals gives the memory store answers, in its order', (t) => {
  let steps = 0;
  fc.assert(
    fc.property(fc.array(command, { maxLength: 60 }), (commands) => {
      const { memory, compact, stores } = pair();
      for (const cmd of commands) {
        steps++;
        if (cmd.kind === 'set') {
          const host = HOSTS[cmd.host]!;
          let line = `${NAMES[cmd.name]}=${cmd.clear ? '' : `v${cmd.value}`}`;
          if (cmd.path !== null) line += `; Path=${PATHS[cmd.path]}`;
          if (cmd.domain && !host.includes('127.0.0.1')) line += '; Domain=example.com';
          // A Max-Age=0 cookie is stored, then dropped by the next lookup: the store's removeCookie.
          if (cmd.clear) line += '; Max-Age=0';
          const url = host + PATHS[cmd.at];
          const a = memory.setCookieSync(line, url, { ignoreError: true });
          const b = compact.setCookieSync(line, url, { ignoreError: true });
          if ((a === undefined) !== (b === undefined)) return false;
        } else if (cmd.kind === 'get') {
          const url = HOSTS[cmd.host]! + PATHS[cmd.at];
          const a = show(memory.getCookiesSync(url));
          const b = show(compact.getCookiesSync(url));
          if (JSON.stringify(a) !== JSON.stringify(b)) return false;
        } else if (cmd.kind === 'removeCookies') {
          const domain = new URL(HOSTS[cmd.host]!).hostname;
          const path = cmd.path === null ? null : PATHS[cmd.path]!;
          for (const s of stores) void s.removeCookies(domain, path);
        } else for (const s of stores) void s.removeAllCookies();
      }
      const all = (jar: CookieJar): string[] =>
        show(jar.serializeSync()!.cookies.map((c) => c as unknown as Cookie));
      return JSON.stringify(all(memory)) === JSON.stringify(all(compact));
    }),
    { numRuns: 400, seed: 17 },
  );
  t.true(steps > 1000, `only ${steps} commands ran`);
});

test('a session cookie cleared at logout and set again at login is sent where the memory store sends it', (t) => {
  const host = 'http://example.com';
  const { memory, compact } = pair();
  for (const jar of [memory, compact]) {
    jar.setCookieSync('sid=1; Path=/', `${host}/`);
    jar.setCookieSync('pref=2; Path=/', `${host}/`);
    jar.setCookieSync('csrf=3; Path=/app', `${host}/app`);
    jar.setCookieSync('sid=; Path=/; Max-Age=0', `${host}/`);
    t.deepEqual(show(jar.getCookiesSync(`${host}/app`)), ['csrf=3 example.com/app', 'pref=2 example.com/']);
    jar.setCookieSync('sid=4; Path=/', `${host}/`);
  }
  // Longest path first, then the oldest: the new session cookie comes last.
  const expected = ['csrf=3 example.com/app', 'pref=2 example.com/', 'sid=4 example.com/'];
  t.deepEqual(show(memory.getCookiesSync(`${host}/app`)), expected);
  t.deepEqual(show(compact.getCookiesSync(`${host}/app`)), expected);
  t.is(compact.getCookieStringSync(`${host}/app`), 'csrf=3; pref=2; sid=4');
});

test('a parent-domain cookie is sent to subdomains and a host-only one is not, as with the memory store', (t) => {
  const { memory, compact } = pair();
  for (const jar of [memory, compact]) {
    jar.setCookieSync('wide=1; Domain=example.com; Path=/', 'http://a.example.com/');
    jar.setCookieSync('own=2; Path=/', 'http://a.example.com/');
  }
  for (const url of [
    'http://a.example.com/',
    'http://b.a.example.com/',
    'http://example.com/',
    'http://other.com/',
  ])
    t.deepEqual(show(compact.getCookiesSync(url)), show(memory.getCookiesSync(url)), url);
  t.deepEqual(show(compact.getCookiesSync('http://b.a.example.com/')), ['wide=1 .example.com/']);
});

test('the async API answers too (promises instead of callbacks)', async (t) => {
  const jar = new CookieJar(new CompactCookieStore(), { looseMode: true });
  await jar.setCookie('sid=abc; Path=/', 'http://example.com/');
  t.deepEqual(show(await jar.getCookies('http://example.com/')), ['sid=abc example.com/']);
  t.is(await jar.getCookieString('http://example.com/'), 'sid=abc');
});

test('a stored cookie keeps its exact text: value (long, non-ASCII, a lone surrogate), name and domain', async (t) => {
  const store = new CompactCookieStore();
  const values = [
    '0123456789abcdef0123456789abcdef',
    'é-ünïcödé-välüé-ü',
    'lone-\uD800-surrogate-x',
    'short',
  ];
  for (const [i, value] of values.entries()) {
    const cookie = new Cookie({ key: `k${i}`, value, domain: 'example.com', path: '/' });
    await store.putCookie(cookie);
    const found = await store.findCookie('example.com', '/', `k${i}`);
    t.is(found?.value, value);
    t.is(found?.key, `k${i}`);
    t.is(found?.domain, 'example.com');
  }
  t.is((await store.getAllCookies()).length, values.length);
});
