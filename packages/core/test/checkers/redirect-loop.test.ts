import test from 'ava';
import { runChecker } from '../../src/checkers/check-history.ts';
import { diagnoseLoop, redirectLoopChecker } from '../../src/checkers/redirect-loop.ts';
import type { Hop } from '../../src/history/op.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import { login } from './journey.ts';

const secureLoop: Hop[] = [
  {
    method: 'POST',
    url: 'http://shop.test/login',
    status: 303,
    location: '/',
    sent: [],
    set: [{ name: 'sid', hash: 'a', secure: true }],
  },
  { method: 'GET', url: 'http://shop.test/', status: 302, location: '/login', sent: [], set: [] },
  { method: 'GET', url: 'http://shop.test/login', status: 302, location: '/', sent: [], set: [] },
  { method: 'GET', url: 'http://shop.test/', status: 302, location: '/login', sent: [], set: [] },
];

test('flags a repeated (URL, cookie state) pair and names the missing cookie and its cause', (t) => {
  const h = new HistoryBuilder();
  h.step(1, 'login', 0, 30, {}, { status: 302, hops: secureLoop });
  const [finding] = runChecker(redirectLoopChecker, h.ops);
  t.is(finding!.count, 1);
  t.regex(finding!.detail, /cookie sid went missing: it is Secure but the next hop is plain http/);
});

test('flags a chain over the hop cap, and a loop the traffic side already marked', (t) => {
  const hops: Hop[] = Array.from({ length: 5 }, (_, i) => ({
    method: 'GET',
    url: `/step/${i}`,
    status: 302,
    location: `/step/${i + 1}`,
    sent: [{ name: 'sid', hash: 's' }],
    set: [],
  }));
  const h = new HistoryBuilder();
  h.step(1, 'visit', 0, 30, {}, { status: 302, hops });
  h.step(2, 'visit', 0, 30, {}, { status: 302, redirectLoop: 'repeat', hops: hops.slice(0, 2) });
  const [finding] = runChecker(redirectLoopChecker, h.ops, { hopCap: 4 });
  t.is(finding!.count, 2);
  // Nothing in this history says whether the app knew session s: the cause says so, not a guess.
  t.regex(finding!.detail, /whether the app recognised it is not known/);
});

/** A loop of one session `s` between / and /home, never through the login page. */
const bounce = (via: string): Hop[] => [
  {
    method: 'GET',
    url: 'http://shop.test/',
    status: 302,
    location: via,
    sent: [{ name: 'sid', hash: 's' }],
    set: [],
  },
  {
    method: 'GET',
    url: `http://shop.test${via}`,
    status: 302,
    location: '/',
    sent: [{ name: 'sid', hash: 's' }],
    set: [],
  },
];

test('a loop of a session an answer named the user with before is a known session bounced, not "not recognised"', (t) => {
  const h = new HistoryBuilder();
  h.step(
    1,
    'whoami',
    0,
    10,
    { session: 's' },
    { status: 200, identity: 'user-1', user: 'user-1', session: 's' },
  );
  h.step(
    1,
    'visit',
    20,
    30,
    { session: 's' },
    { status: 302, redirectLoop: 'repeat', hops: bounce('/home') },
  );
  const [finding] = runChecker(redirectLoopChecker, h.ops);
  t.regex(
    finding!.detail,
    /the session was known \(an answer had named the user with it\), yet the app bounced it/,
  );
  t.notRegex(finding!.detail, /not recognised/);
});

test('a loop through the login page says the session was not recognised only from that hop, and names a session known before', (t) => {
  // Never named: sent to the login page, not recognised.
  const a = new HistoryBuilder();
  a.step(
    1,
    'visit',
    20,
    30,
    { session: 's' },
    { status: 302, redirectLoop: 'repeat', hops: bounce('/login') },
  );
  t.regex(
    runChecker(redirectLoopChecker, a.ops)[0]!.detail,
    /sent to the login page: the serving node did not recognise it \(no answer had named/,
  );
  // Named before, then sent to the login page: known, then no longer recognised (a lost session).
  const b = new HistoryBuilder();
  b.step(
    1,
    'whoami',
    0,
    10,
    { session: 's' },
    { status: 200, identity: 'user-1', user: 'user-1', session: 's' },
  );
  b.step(
    1,
    'visit',
    20,
    30,
    { session: 's' },
    { status: 302, redirectLoop: 'repeat', hops: bounce('/login') },
  );
  t.regex(
    runChecker(redirectLoopChecker, b.ops)[0]!.detail,
    /named the user with that session before: the serving node no longer recognised it/,
  );
  // Near-miss: another session (t) was named, not the looping one: not "known".
  const c = new HistoryBuilder();
  c.step(
    1,
    'whoami',
    0,
    10,
    { session: 't' },
    { status: 200, identity: 'user-1', user: 'user-1', session: 't' },
  );
  c.step(
    1,
    'visit',
    20,
    30,
    { session: 's' },
    { status: 302, redirectLoop: 'repeat', hops: bounce('/home') },
  );
  t.regex(runChecker(redirectLoopChecker, c.ops)[0]!.detail, /is not known/);
  // Near-miss: an anonymous whoami with the session (identity null) does not make it known.
  const d = new HistoryBuilder();
  d.step(1, 'whoami', 0, 10, { session: 's' }, { status: 200, identity: null, user: 'user-1', session: 's' });
  d.step(
    1,
    'visit',
    20,
    30,
    { session: 's' },
    { status: 302, redirectLoop: 'repeat', hops: bounce('/home') },
  );
  t.regex(runChecker(redirectLoopChecker, d.ops)[0]!.detail, /is not known/);
});

test('diagnoses Domain, Path and SameSite causes', (t) => {
  const hop = (url: string, set: Hop['set'], sent: Hop['sent'] = []): Hop => ({
    method: 'GET',
    url,
    status: 302,
    sent,
    set,
  });
  t.regex(
    diagnoseLoop(
      [hop('http://a.test/', [{ name: 'x', hash: '1', domain: 'b.test' }]), hop('http://a.test/', [])],
      'repeat',
      'sid',
    ).cause,
    /Domain=b.test/,
  );
  t.regex(
    diagnoseLoop(
      [hop('http://a.test/app/login', [{ name: 'x', hash: '1', path: '/app' }]), hop('http://a.test/', [])],
      'cap',
      'sid',
    ).cause,
    /Path=\/app/,
  );
  t.regex(
    diagnoseLoop(
      [hop('http://a.test/', [{ name: 'x', hash: '1', sameSite: 'none' }]), hop('http://a.test/', [])],
      'cap',
      'sid',
    ).cause,
    /SameSite=None without Secure/,
  );
});

test('a normal login redirect chain and an anonymous redirect to login are not loops', (t) => {
  const h = new HistoryBuilder();
  login(h, 1, 0, 's1', 'pre');
  h.step(
    2,
    'visit',
    0,
    10,
    {},
    {
      status: 200,
      hops: [
        { method: 'GET', url: '/', status: 302, location: '/login', sent: [], set: [] },
        { method: 'GET', url: '/login', status: 200, sent: [], set: [] },
      ],
    },
  );
  t.deepEqual(runChecker(redirectLoopChecker, h.ops), []);
});
