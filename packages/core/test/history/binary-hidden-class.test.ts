import { setFlagsFromString } from 'node:v8';
import test from 'ava';
import { BinaryHistoryDecoder } from '../../src/history/binary-decoder.ts';
import { BinaryHistoryEncoder } from '../../src/history/binary-encoder.ts';
import { NdjsonDecoder, encodeOp } from '../../src/history/ndjson.ts';
import { isVuOp, type Op } from '../../src/history/op.ts';
import { generateHistory } from '../fixtures/generate-history.ts';

// V8's own answer, not a proxy for it: functions compiled after this flag may call %HaveSameMap.
setFlagsFromString('--allow-natives-syntax');
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** How many hidden classes (V8 maps) the objects have between them. */
function hiddenClasses(objects: readonly object[]): number {
  const seen: object[] = [];
  for (const o of objects) if (!seen.some((s) => sameMap(s, o))) seen.push(o);
  return seen.length;
}

test('decoded VU ops, hops and cookies each have one hidden class (JSON.parse gives a history many)', (t) => {
  const ops = [...generateHistory({ vus: 50, ops: 10_000, seed: 1 })].flat();
  const encoder = new BinaryHistoryEncoder();
  for (const op of ops) encoder.add(op);
  encoder.end();
  const vu = (list: Op[]) => list.filter(isVuOp);
  const binary = vu(new BinaryHistoryDecoder().feed(encoder.take()));
  const json = vu(new NdjsonDecoder().feed(ops.map((op) => encodeOp(op) + '\n').join('')));
  t.is(binary.length, json.length);
  t.is(hiddenClasses(binary), 1);
  const hops = binary.flatMap((op) => op.hops ?? []);
  t.true(hops.length > 100);
  t.is(hiddenClasses(hops), 1);
  t.is(hiddenClasses(hops.flatMap((h) => [...h.sent, ...h.set])), 1);
  // The point of the exercise: the NDJSON's ops come in many shapes.
  t.true(hiddenClasses(json) > 3, `${hiddenClasses(json)} hidden classes from JSON.parse`);
});
