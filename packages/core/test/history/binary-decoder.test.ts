import test from 'ava';
import { BinaryHistoryDecoder, readBinaryTrailer } from '../../src/history/binary-decoder.ts';
import { BinaryHistoryEncoder } from '../../src/history/binary-encoder.ts';
import { BinaryHistoryError, RECORD } from '../../src/history/binary-format.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import type { Op } from '../../src/history/op.ts';
import { dropUndefined } from './op-arbitraries.ts';

const h = new HistoryBuilder();
h.invoke(1, 'login', 1, { method: 'POST', url: '/login', user: 'ann' });
h.ok(1, 'login', 5, { status: 200, identity: 'ann', session: 's1', node: 'app-1' });
h.fault('kill-1', 'kill', 6, 8, { target: 'app' });
h.invoke(2, 'whoami', 7, { session: 's1' });
h.fail(2, 'whoami', 9, { error: 'ECONNRESET' });
const ops: Op[] = h.ops;

function encode(list: readonly Op[], end = true): Uint8Array {
  const encoder = new BinaryHistoryEncoder();
  for (const op of list) encoder.add(op);
  if (end) encoder.end();
  return encoder.take();
}

test('a file cut at any byte gives the ops before the cut, no error, and no end record (cut off)', (t) => {
  const whole = encode(ops);
  const bare = encode(ops, false);
  for (let cut = 0; cut <= whole.length; cut++) {
    const decoder = new BinaryHistoryDecoder();
    const back = decoder.feed(whole.subarray(0, cut));
    const end = decoder.end();
    t.deepEqual(back.map(dropUndefined), ops.slice(0, back.length));
    t.is(end.ops, back.length);
    t.is(end.complete, cut === whole.length, `cut at ${cut}`);
    if (cut >= bare.length) t.is(back.length, ops.length);
  }
  const decoder = new BinaryHistoryDecoder();
  t.is(decoder.feed(bare).length, ops.length);
  t.deepEqual(decoder.end(), { complete: false, ops: ops.length, ndjsonBytes: 0, trailingBytes: 0 });
});

test('a record of a kind this reader does not know is skipped whole', (t) => {
  const whole = encode(ops);
  const first = encode(ops.slice(0, 2), false);
  // Kind 99 with 5 payload bytes that would be a bad VU op if read as one.
  const unknown = new Uint8Array([6, 99, 0xff, 0xff, 0xff, 0xff, 0xff]);
  const spliced = new Uint8Array(whole.length + unknown.length);
  spliced.set(first);
  spliced.set(unknown, first.length);
  spliced.set(whole.subarray(first.length), first.length + unknown.length);
  const decoder = new BinaryHistoryDecoder();
  t.deepEqual(decoder.feed(spliced).map(dropUndefined), ops);
  t.true(decoder.end().complete);
});

test('a wrong magic or version is refused with a message naming what was found and what is read', (t) => {
  const bytes = encode(ops);
  const v2 = bytes.slice();
  v2[7] = 2;
  t.throws(() => new BinaryHistoryDecoder().feed(v2), {
    instanceOf: BinaryHistoryError,
    message: 'binary history version 2 is not supported: this reader reads version 1 only',
  });
  const ndjson = new TextEncoder().encode('{"index":0,"id":1}\n');
  t.throws(() => new BinaryHistoryDecoder().feed(ndjson), {
    instanceOf: BinaryHistoryError,
    message: 'not a sessionchaos binary history: it starts with bytes 7b 22 69 6e, not "SCHB"',
  });
  // The header itself may arrive in pieces.
  const decoder = new BinaryHistoryDecoder();
  t.deepEqual(decoder.feed(v2.subarray(0, 5)), []);
  t.throws(() => decoder.feed(v2.subarray(5)), { message: /version 2/ });
});

/** A file of the header and the given raw records (each `[kind, ...payload]`, length added). */
function file(...records: number[][]): Uint8Array {
  const header = [0x53, 0x43, 0x48, 0x42, 0, 0, 0, 1];
  return new Uint8Array([...header, ...records.flatMap((r) => [r.length, ...r])]);
}
// A VU op body: mask 0, ok/read, index 0, id 1, time 0.0, process 1, epoch 0.
const vuBody = (mask: number, ...rest: number[]): number[] => [
  RECORD.vuOp,
  mask,
  (1 << 3) | 4,
  0,
  1,
  ...new Array<number>(8).fill(0),
  1,
  0,
  ...rest,
];

function endRecord(count: number): number[] {
  const payload = new DataView(new ArrayBuffer(16));
  payload.setFloat64(0, count, true);
  return [RECORD.end, ...new Uint8Array(payload.buffer)];
}

test('bad records are errors naming their byte offset', (t) => {
  const bad = (bytes: Uint8Array, message: RegExp): void => {
    const error = t.throws(() => new BinaryHistoryDecoder().feed(bytes), { instanceOf: BinaryHistoryError });
    t.regex(error.message, message);
  };
  t.deepEqual(dropUndefined(new BinaryHistoryDecoder().feed(file(vuBody(0)))[0]), {
    index: 0,
    id: 1,
    type: 'ok',
    time: 0,
    process: 1,
    step: 'read',
    epoch: 0,
  });
  bad(file(vuBody(1, 5)), /bad record at byte 8: string 4 referenced before its entry/);
  bad(file(vuBody(0, 7)), /does not fill its length/);
  bad(file(vuBody(1)), /shorter than its fields/);
  bad(file([RECORD.string, 0xc3]), /not UTF-8/);
  bad(file(vuBody(0), endRecord(2)), /the end record counts 2 ops, but 1 were read/);
  bad(file(endRecord(0), vuBody(0)), /after the end record/);
  bad(file([RECORD.end, 0]), /an end record that is not 18 bytes/);
  bad(file([RECORD.jsonOp, 0x7b]), /not JSON/);
  bad(file([]), /empty record/);
});

test('the end record is the last 18 bytes, so a reader knows a file is whole before reading it', (t) => {
  const encoder = new BinaryHistoryEncoder();
  for (const op of ops) encoder.add(op);
  encoder.end(123_456);
  const bytes = encoder.take();
  t.deepEqual(readBinaryTrailer(bytes.subarray(bytes.length - 18)), {
    ops: ops.length,
    ndjsonBytes: 123_456,
  });
  const decoder = new BinaryHistoryDecoder();
  decoder.feed(bytes);
  t.deepEqual(decoder.end(), { complete: true, ops: ops.length, ndjsonBytes: 123_456, trailingBytes: 0 });
  // Cut anywhere, the tail is not an end record.
  for (let cut = 18; cut < bytes.length; cut++)
    t.is(readBinaryTrailer(bytes.subarray(cut - 18, cut)), undefined, `cut at ${cut}`);
  t.is(readBinaryTrailer(bytes.subarray(0, 5)), undefined);
});
