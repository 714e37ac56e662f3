import test from 'ava';
import { selectVictims, type VictimCandidate } from '../../src/faults/index.ts';

const nodes: VictimCandidate[] = [
  { name: 'app-3', liveSessions: 10 },
  { name: 'app-1', liveSessions: 40 },
  { name: 'app-2', liveSessions: 40 },
  { name: 'app-4', liveSessions: 5 },
];
// A deterministic stand-in generator: the sequence it returns is the point of these tests.
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

test('one picks by the generator among candidates sorted by name, whatever the discovery order', (t) => {
  t.deepEqual(selectVictims(nodes, 'one', sequence(0.0)), ['app-1']);
  t.deepEqual(selectVictims(nodes, 'one', sequence(0.99)), ['app-4']);
  t.deepEqual(
    selectVictims([...nodes].reverse(), 'one', sequence(0.5)),
    selectVictims(nodes, 'one', sequence(0.5)),
  );
});

test('busiest takes the node with most live sessions, ties to the first by name', (t) => {
  t.deepEqual(selectVictims(nodes, 'busiest', sequence(0.7)), ['app-1']);
  t.deepEqual(selectVictims([{ name: 'b', liveSessions: 1 }, { name: 'a' }], 'busiest', sequence(0)), ['b']);
});

test('all, percent and name', (t) => {
  t.deepEqual(selectVictims(nodes, 'all', sequence(0)), ['app-1', 'app-2', 'app-3', 'app-4']);
  const half = selectVictims(nodes, { percent: 50 }, sequence(0.9, 0.1));
  t.is(half.length, 2);
  t.is(new Set(half).size, 2);
  t.deepEqual(selectVictims(nodes, { percent: 1 }, sequence(0)).length, 1, 'at least one victim');
  t.deepEqual(selectVictims(nodes, { name: 'app-3' }, sequence(0)), ['app-3']);
  t.deepEqual(selectVictims(nodes, { name: 'app-9' }, sequence(0)), []);
  t.deepEqual(selectVictims([], 'one', sequence(0)), []);
});

test('the same seed gives the same victims', (t) => {
  const seeded = (seed: number) => () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  t.deepEqual(
    selectVictims(nodes, { percent: 75 }, seeded(42)),
    selectVictims(nodes, { percent: 75 }, seeded(42)),
  );
});
