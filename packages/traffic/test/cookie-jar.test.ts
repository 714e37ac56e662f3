import test from 'ava';
import { VuJar } from '../src/index.ts';

const url = 'http://127.0.0.1:9/';

test('jar lifetimes: run keeps everything, iteration drops everything, browser-restart keeps persistent cookies', (t) => {
  const fill = (): VuJar => {
    const jar = new VuJar();
    jar.store(url, ['sid=abc; Path=/', 'remember=me; Path=/; Max-Age=3600']);
    return jar;
  };
  const names = (jar: VuJar): string[] => jar.outgoing(url).refs.map((c) => c.name);

  const run = fill();
  t.false(run.renew('run'));
  t.deepEqual(names(run), ['sid', 'remember']);

  const iteration = fill();
  t.true(iteration.renew('iteration'));
  t.deepEqual(names(iteration), []);

  const restart = fill();
  t.true(restart.renew('browser-restart'));
  t.deepEqual(names(restart), ['remember']);
});

test('set-cookie as a string or an array; clearing and expiry are honoured even when lookups are cached', (t) => {
  const jar = new VuJar();
  t.deepEqual(jar.store(url, 'sid=abc; Path=/'), [{ name: 'sid', hash: jar.outgoing(url).refs[0]?.hash }]);
  t.is(jar.outgoing(url).header, 'sid=abc');
  const cleared = jar.store(url, ['sid=gone; Path=/; Max-Age=0', 'x=1; Path=/']);
  t.deepEqual(
    cleared.map((c) => [c.name, c.cleared]),
    [
      ['sid', true],
      ['x', undefined],
    ],
  );
  t.is(jar.outgoing(url).header, 'x=1');
  // A cookie already past its expiry is not sent, cached lookup or not.
  jar.store(url, `y=2; Path=/; Expires=${new Date(Date.now() - 1000).toUTCString()}`);
  t.is(jar.outgoing(url).header, 'x=1');
  t.is(jar.value(url, 'x'), '1');
  t.is(jar.value(url, 'sid'), undefined);
});

test('a rejected cookie (Secure over plain http to another host) is dropped, not thrown', (t) => {
  const jar = new VuJar();
  t.notThrows(() => jar.store('http://app.example.test/', 'sid=abc; Secure; Path=/'));
  t.deepEqual(jar.outgoing('http://app.example.test/').refs, []);
});

test('a rolling session re-sending the same Set-Cookie keeps the cookie and the cached header; a changed value, a Max-Age, another URL or a cleared jar are stored again', (t) => {
  const jar = new VuJar();
  jar.store(url, 'sid=abc; Path=/; HttpOnly');
  const first = jar.outgoing(url);
  t.deepEqual(jar.store(url, 'sid=abc; Path=/; HttpOnly'), [{ name: 'sid', hash: first.refs[0]!.hash }]);
  // The very same lookup object: nothing was parsed or looked up again.
  t.is(jar.outgoing(url), first);
  // Near-misses: each is stored.
  jar.store(url, 'sid=new; Path=/; HttpOnly');
  t.is(jar.outgoing(url).header, 'sid=new');
  jar.store(url, 'sid=abc; Path=/; HttpOnly');
  t.is(jar.outgoing(url).header, 'sid=abc');
  const other = 'http://127.0.0.1:9/api/';
  jar.store(other, 'p=1');
  t.is(jar.outgoing(other).header, 'p=1; sid=abc');
  jar.clear();
  jar.store(other, 'p=1');
  t.is(jar.outgoing(other).header, 'p=1');
  // A relative expiry moves with each answer: stored each time, so it can still be cleared by a later one.
  jar.store(url, 'r=1; Path=/; Max-Age=60');
  jar.store(url, 'r=1; Path=/; Max-Age=60');
  jar.store(url, 'r=1; Path=/; Max-Age=0');
  t.is(jar.outgoing(url).header, '');
  // Arrays compare line by line.
  jar.store(url, ['a=1; Path=/', 'b=2; Path=/']);
  jar.store(url, ['a=1; Path=/', 'b=3; Path=/']);
  t.is(jar.outgoing(url).header, 'a=1; b=3');
});
