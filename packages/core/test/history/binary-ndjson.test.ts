import test from 'ava';
import fc from 'fast-check';
import { BinaryNdjsonConverter, ndjsonOfBinary } from '../../src/history/binary-ndjson.ts';
import { BinaryHistoryEncoder } from '../../src/history/binary-encoder.ts';
import { RECORD } from '../../src/history/binary-format.ts';
import { encodeOp } from '../../src/history/ndjson.ts';
import type { Op } from '../../src/history/op.ts';
import { generateHistory } from '../fixtures/generate-history.ts';
import { anyNum, faultOp, vuOp } from './op-arbitraries.ts';

/** What the NDJSON writer writes for `ops` renumbered 0, 1, 2... in arrival order. */
const ndjsonOf = (ops: readonly Op[]): string =>
  ops.map((op, i) => encodeOp({ ...op, index: i }) + '\n').join('');

/** The same object with its keys in the order `order` gives (nested hops and cookies too). */
function reorder(value: unknown, order: number[]): unknown {
  if (Array.isArray(value)) return value.map((v) => reorder(v, order));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const sorted = entries
    .map((e, i) => [e, order[i % Math.max(order.length, 1)] ?? i] as const)
    .sort((a, b) => a[1] - b[1])
    .map(([e]) => [e[0], reorder(e[1], order)]);
  return Object.fromEntries(sorted);
}

/** Ops of every kind: VU ops (floats bit for bit too), fault ops, some with their keys shuffled, some with undefined keys. */
const anyOp = fc.oneof(
  { weight: 4, arbitrary: vuOp() },
  { weight: 1, arbitrary: vuOp(undefined, anyNum) },
  { weight: 1, arbitrary: faultOp },
  {
    weight: 2,
    arbitrary: fc
      .tuple(vuOp(), fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 30 }))
      .map(([op, order]) => reorder(op, order) as Op),
  },
  {
    weight: 1,
    arbitrary: vuOp().map((op) => ({ ...op, node: undefined, status: undefined }) as Op),
  },
);

/** Encodes as the run does: renumbered in arrival order, bytes taken in batches (the flushes). */
function encodeBatches(ops: readonly Op[], flushEvery: number): Uint8Array[] {
  const encoder = new BinaryHistoryEncoder();
  const batches: Uint8Array[] = [];
  ops.forEach((op, i) => {
    encoder.add(op, i);
    if ((i + 1) % flushEvery === 0) batches.push(encoder.take());
  });
  batches.push(encoder.take());
  return batches;
}

const concat = (parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

test('property: the NDJSON made from the binary history is byte for byte what the NDJSON writer writes', (t) => {
  fc.assert(
    fc.property(fc.array(anyOp, { maxLength: 25 }), fc.array(fc.nat(), { maxLength: 6 }), (ops, cuts) => {
      const encoder = new BinaryHistoryEncoder();
      ops.forEach((op, i) => encoder.add(op, i));
      encoder.end(123);
      const bytes = encoder.take();
      // Fed in random pieces, as a file is read.
      const converter = new BinaryNdjsonConverter();
      let text = '';
      let from = 0;
      for (const at of [...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length]) {
        text += converter.feed(bytes.subarray(from, at));
        from = at;
      }
      t.is(text, ndjsonOf(ops));
      t.deepEqual(converter.end(), { complete: true, ops: ops.length, ndjsonBytes: 123, trailingBytes: 0 });
    }),
    { numRuns: 500 },
  );
});

test('property: a run cut off mid-run (no end record, cut at a flush or mid-write) gives the NDJSON up to its last whole op', (t) => {
  fc.assert(
    fc.property(
      fc.array(anyOp, { minLength: 1, maxLength: 25 }),
      fc.integer({ min: 1, max: 8 }),
      fc.nat(),
      fc.nat(),
      (ops, flushEvery, flushes, extra) => {
        const batches = encodeBatches(ops, flushEvery);
        // The flushes that reached the disk, then part of the next write (killed mid-write).
        const kept = flushes % (batches.length + 1);
        const whole = concat(batches.slice(0, kept));
        const next = batches[kept] ?? new Uint8Array(0);
        const file = concat([whole, next.subarray(0, extra % (next.length + 1))]);
        const { text, end } = ndjsonOfBinary(file);
        t.false(end.complete);
        const lines = text === '' ? [] : text.slice(0, -1).split('\n');
        t.is(text, ndjsonOf(ops.slice(0, lines.length)));
        t.is(end.ops, lines.length);
        // Every op of the flushes that reached the disk is there.
        const flushed = kept === 0 ? 0 : Math.min(kept * flushEvery, ops.length);
        t.true(lines.length >= flushed, `${lines.length} lines, ${flushed} flushed`);
      },
    ),
    { numRuns: 400 },
  );
});

test('a run-shaped history (ops built field by field, as the traffic builds them) keeps the binary path and gives the same NDJSON', (t) => {
  const ops = [...generateHistory({ vus: 20, ops: 3000, seed: 11 })].flat();
  const encoder = new BinaryHistoryEncoder();
  ops.forEach((op, i) => encoder.add(op, i));
  encoder.end();
  const bytes = encoder.take();
  t.is(ndjsonOfBinary(bytes).text, ndjsonOf(ops));
  t.true(bytes.length < ndjsonOf(ops).length / 3, 'compact');
});

test('an op whose keys are out of the decoded order goes as a JSON record, so its line keeps its order', (t) => {
  const op = {
    index: 0,
    id: 1,
    type: 'ok',
    time: 2,
    process: 1,
    step: 'whoami',
    epoch: 0,
    url: '/a',
    method: 'GET',
  };
  const hop = { method: 'GET', url: '/a', status: 302, sent: [], set: [], location: '/b' };
  const inOrder = {
    index: 0,
    id: 1,
    type: 'ok',
    time: 2,
    process: 1,
    step: 'whoami',
    epoch: 0,
    method: 'GET',
  };
  for (const [o, kind] of [
    [op, RECORD.jsonOp],
    [{ ...inOrder, hops: [hop] }, RECORD.jsonOp],
    [
      { ...inOrder, hops: [{ ...hop, sent: [{ hash: 'h', name: 'sid' }], location: undefined }] },
      RECORD.jsonOp,
    ],
    [{ id: 1, type: 'ok', time: 2, process: 1, step: 'whoami', epoch: 0 }, RECORD.jsonOp],
    [inOrder, RECORD.vuOp],
    [{ ...inOrder, url: undefined, hops: [{ ...hop, location: undefined }] }, RECORD.vuOp],
  ] as const) {
    const encoder = new BinaryHistoryEncoder({ maxStrings: 0 });
    encoder.add(o as unknown as Op, 0);
    const bytes = encoder.take();
    // Header (8 bytes), the length varint, then the kind.
    let p = 8;
    while (bytes[p]! >= 0x80) p++;
    t.is(bytes[p + 1], kind, JSON.stringify(o));
    t.is(ndjsonOfBinary(bytes).text, ndjsonOf([o as unknown as Op]));
  }
});
