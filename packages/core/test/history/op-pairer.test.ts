import test from 'ava';
import type { Op } from '../../src/history/op.ts';
import { OpPairer } from '../../src/history/pairing.ts';
import { seededRandom } from '../../src/seeded-random.ts';
import { generateHistory } from '../fixtures/generate-history.ts';

/** The pairing the checkers relied on before VU slots: one map of open invokes by id. */
function referencePairs(history: readonly Op[]): { paired: (Op | undefined)[]; pending: Op[] } {
  const open = new Map<number, Op>();
  const paired = history.map((op) => {
    if (op.type === 'invoke') {
      open.set(op.id, op);
      return undefined;
    }
    const invoke = open.get(op.id);
    open.delete(op.id);
    return invoke;
  });
  return { paired, pending: [...open.values()].sort((a, b) => a.index - b.index) };
}

function pairs(history: readonly Op[]): { paired: (Op | undefined)[]; pending: Op[]; size: number } {
  const pairer = new OpPairer();
  const paired = history.map((op) => pairer.feed(op));
  return { paired, pending: pairer.pending(), size: pairer.size };
}

/**
 * VUs with up to three requests in flight answered in any order, invokes never answered (a crash),
 * answers whose invoke is not in the history (cut off before it), and fault ops among them.
 */
function concurrentHistory(seed: number): Op[] {
  const rnd = seededRandom(seed);
  const ops: Op[] = [];
  const inFlight: Op[] = [];
  let id = 1;
  const push = (op: Omit<Op, 'index'>): void => void ops.push({ ...op, index: ops.length } as Op);
  for (let t = 0; t < 4000; t++) {
    const r = rnd();
    if (r < 0.45 || inFlight.length === 0) {
      const vu = 1 + Math.floor(rnd() * 20);
      const invoke = { id: id++, type: 'invoke', time: t, process: vu, step: 'read', epoch: 0 } as Omit<
        Op,
        'index'
      >;
      push(invoke);
      inFlight.push(ops.at(-1)!);
    } else if (r < 0.9) {
      const [invoke] = inFlight.splice(Math.floor(rnd() * inFlight.length), 1);
      push({ ...invoke!, type: rnd() < 0.8 ? 'ok' : 'fail', time: t } as Omit<Op, 'index'>);
    } else if (r < 0.95) {
      push({ id: id++, type: 'ok', time: t, process: 5, step: 'read', epoch: 0 } as Omit<Op, 'index'>);
    } else {
      const fault = { id: 2 ** 40 + id++, time: t, process: 'fault', fault: `kill#${t}`, action: 'kill' };
      push({ ...fault, type: 'invoke' } as Omit<Op, 'index'>);
      push({ ...fault, type: 'ok', time: t + 1 } as Omit<Op, 'index'>);
    }
  }
  return ops;
}

test('VU slots pair exactly as the map of ids did: concurrent requests, answers in any order, unanswered and orphan ops, faults', (t) => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const history = concurrentHistory(seed);
    const expected = referencePairs(history);
    const actual = pairs(history);
    t.true(
      actual.paired.every((invoke, i) => invoke === expected.paired[i]),
      `seed ${seed}: every completion gets the same invoke`,
    );
    t.deepEqual(actual.pending, expected.pending, `seed ${seed}: the same invokes left open`);
    t.is(actual.size, expected.pending.length);
    t.true(
      expected.pending.length > 0 && history.some((o) => o.type !== 'invoke' && !expected.paired[o.index]),
    );
  }
});

test('the generated lab history pairs the same (a 20,000-op run of 200 VUs)', (t) => {
  const history = [...generateHistory({ vus: 200, ops: 20_000, seed: 7 })].flat();
  const expected = referencePairs(history);
  const actual = pairs(history);
  t.true(actual.paired.every((invoke, i) => invoke === expected.paired[i]));
  t.deepEqual(actual.pending, expected.pending);
});
