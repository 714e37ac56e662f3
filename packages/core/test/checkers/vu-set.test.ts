import test from 'ava';
import fc from 'fast-check';
import { VuSet } from '../../src/checkers/vu-set.ts';

test('a VuSet answers as a Set of the same numbers, whatever is added (dense, far apart, fractional, negative)', (t) => {
  const vu = fc.oneof(
    fc.integer({ min: 0, max: 200 }),
    fc.integer({ min: 0, max: 1 << 25 }),
    fc.integer({ min: -5, max: -1 }),
    fc.double({ min: 0, max: 300, noNaN: true }),
  );
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.array(vu, { maxLength: 300 }), fc.array(vu, { maxLength: 50 }), (added, probed) => {
        const set = new VuSet();
        const expected = new Set<number>();
        for (const n of added) {
          set.add(n);
          expected.add(n);
        }
        if (set.size !== expected.size) return false;
        return [...added, ...probed].every((n) => set.has(n) === expected.has(n));
      }),
      { numRuns: 300 },
    ),
  );
});

test('a VuSet counts a VU once, and grows past its first 64 slots', (t) => {
  const set = new VuSet();
  for (let round = 0; round < 3; round++) for (let vu = 1; vu <= 5000; vu++) set.add(vu);
  t.is(set.size, 5000);
  t.true(set.has(5000));
  t.false(set.has(5001));
  t.false(set.has(0));
});
