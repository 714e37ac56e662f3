import test from 'ava';
import fc from 'fast-check';
import { BinaryHistoryDecoder } from '../../src/history/binary-decoder.ts';
import type { BinaryEncoderOptions } from '../../src/history/binary-encoder-options.ts';
import { BinaryHistoryEncoder } from '../../src/history/binary-encoder.ts';
import { VU_OP_FIELDS } from '../../src/history/binary-shapes.ts';
import type { Op } from '../../src/history/op.ts';
import { generateHistory } from '../fixtures/generate-history.ts';
import { anyNum, dropUndefined, faultOp, vuOp, wellFormed } from './op-arbitraries.ts';

function encode(ops: readonly Op[], options?: BinaryEncoderOptions): Uint8Array {
  const encoder = new BinaryHistoryEncoder(options);
  for (const op of ops) encoder.add(op);
  encoder.end();
  return encoder.take();
}

/** Feeds `bytes` cut at `cuts` (any byte: mid-record, mid-varint, mid-header). */
function decodeInPieces(bytes: Uint8Array, cuts: number[]): { ops: Op[]; decoder: BinaryHistoryDecoder } {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const decoder = new BinaryHistoryDecoder();
  const ops: Op[] = [];
  let from = 0;
  for (const at of [...points, bytes.length]) {
    ops.push(...decoder.feed(bytes.subarray(from, at)));
    from = at;
  }
  return { ops, decoder };
}

const caps = fc.record({
  maxStrings: fc.oneof(fc.constant(undefined), fc.nat({ max: 6 })),
  maxStringBytes: fc.oneof(fc.constant(undefined), fc.nat({ max: 8 })),
});
const cuts = fc.array(fc.nat(), { maxLength: 8 });

test('property: encode, then decode fed in random chunks, gives back exactly the ops of every kind', (t) => {
  fc.assert(
    fc.property(fc.array(fc.oneof(vuOp(), faultOp), { maxLength: 20 }), caps, cuts, (ops, options, at) => {
      const { ops: back, decoder } = decodeInPieces(encode(ops, options), at);
      t.deepEqual(back.map(dropUndefined), ops);
      t.deepEqual(decoder.end(), { complete: true, ops: ops.length, ndjsonBytes: 0, trailingBytes: 0 });
    }),
    { numRuns: 400 },
  );
});

test('property: VU op floats come back bit for bit (-0, NaN, Infinity), which JSON cannot do', (t) => {
  fc.assert(
    fc.property(fc.array(vuOp(wellFormed, anyNum), { maxLength: 10 }), cuts, (ops, at) => {
      const { ops: back } = decodeInPieces(encode(ops), at);
      t.is(back.length, ops.length);
      back.forEach((op, i) => {
        const o = ops[i]!;
        t.true(Object.is(op.time, o.time));
        if (op.process !== 'fault') {
          t.true(Object.is(op.latency, o.latency));
          t.deepEqual(dropUndefined(op.value), o.value);
        }
      });
    }),
    { numRuns: 200 },
  );
});

test('every decoded VU op has every VuOp key in one order (one hidden class), absent ones undefined', (t) => {
  const ops = [...generateHistory({ vus: 20, ops: 2000, seed: 7 })].flat();
  const back = new BinaryHistoryDecoder().feed(encode(ops));
  t.is(back.length, ops.length);
  let vu = 0;
  for (const op of back) {
    if (op.process === 'fault') continue;
    vu++;
    t.deepEqual(Object.keys(op), VU_OP_FIELDS);
    for (const hop of op.hops ?? []) {
      t.deepEqual(Object.keys(hop), ['method', 'url', 'status', 'location', 'sent', 'set', 'node']);
      for (const c of [...hop.sent, ...hop.set])
        t.deepEqual(Object.keys(c), ['name', 'hash', 'secure', 'sameSite', 'domain', 'path', 'cleared']);
    }
  }
  t.true(vu > 1900);
  t.deepEqual(back.map(dropUndefined), ops);
});

test('a VU op the layout cannot hold exactly (lone surrogate, fraction, unknown key) goes as JSON and comes back', (t) => {
  const base = { index: 0, id: 1, type: 'ok', time: 1.5, process: 3, step: 'read', epoch: 0 } as const;
  const ops = [
    { ...base, url: 'a\ud800b' },
    { ...base, index: 1.5 },
    { ...base, status: -1 },
    { ...base, extra: { nested: [1, 'x'] } },
    { ...base, value: true },
  ] as unknown as Op[];
  const back = new BinaryHistoryDecoder().feed(encode(ops));
  t.deepEqual(back.map(dropUndefined), ops);
  // Known keys only: still the one shape.
  t.deepEqual(Object.keys(back[0]!), VU_OP_FIELDS);
});

test('the string table stops at its cap and later strings go inline; a generated history takes ~34 bytes an op', (t) => {
  const ops = [...generateHistory({ vus: 50, ops: 5000, seed: 3 })].flat();
  const full = encode(ops);
  const capped = encode(ops, { maxStrings: 10 });
  const none = encode(ops, { maxStrings: 0 });
  t.true(full.length < capped.length && capped.length < none.length);
  t.true(full.length / ops.length < 60, `${full.length / ops.length} bytes an op`);
  for (const bytes of [full, capped, none]) {
    t.deepEqual(new BinaryHistoryDecoder().feed(bytes).map(dropUndefined), ops);
  }
});

test('an encoder hands out its bytes batch by batch; the batches decode as one stream', (t) => {
  const ops = [...generateHistory({ vus: 10, ops: 600, seed: 5 })].flat();
  const encoder = new BinaryHistoryEncoder();
  const decoder = new BinaryHistoryDecoder();
  const back: Op[] = [];
  for (let i = 0; i < ops.length; i++) {
    encoder.add(ops[i]!, i + 1000);
    if (i % 97 === 0) back.push(...decoder.feed(encoder.take()));
  }
  encoder.end();
  t.is(encoder.count, ops.length);
  back.push(...decoder.feed(encoder.take()));
  t.deepEqual(
    back.map((op) => op.index),
    ops.map((_, i) => i + 1000),
  );
  t.true(decoder.end().complete);
  t.throws(() => encoder.add(ops[0]!), { message: /after end/ });
});

test('a failed step of a multi-step role keeps its `role` through the binary history (written as JSON)', (t) => {
  const op = {
    index: 0,
    id: 1,
    type: 'fail',
    time: 2,
    process: 1,
    step: 'visit',
    epoch: 0,
    status: 302,
    redirectLoop: 'repeat',
    role: 'login',
  } as const satisfies Op;
  const back = new BinaryHistoryDecoder().feed(encode([op]));
  t.deepEqual(back.map(dropUndefined), [op]);
});
