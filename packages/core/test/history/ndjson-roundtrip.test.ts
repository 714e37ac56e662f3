import test from 'ava';
import fc from 'fast-check';
import { decodeHistory, encodeHistory, encodeOp, NdjsonDecoder } from '../../src/history/ndjson.ts';
import type { Op } from '../../src/history/op.ts';
import { faultOp, jsonNum, vuOp as anyVuOp } from './op-arbitraries.ts';

// Any text: lone surrogates, quotes, backslashes and control characters included. JSON has no -0, NaN or
// Infinity (they come back as 0 and null): the recorder never writes them (jsonNum).
const text = fc.string({ unit: 'binary', maxLength: 12 });
const vuOp = anyVuOp(text, jsonNum);
const history = fc.array(fc.oneof(vuOp, faultOp), { maxLength: 20 });

test('property: encode then decode is the identity for ops of every kind, key order included', (t) => {
  fc.assert(
    fc.property(history, (ops) => {
      const back = decodeHistory(encodeHistory(ops));
      t.deepEqual(back, ops);
      // deepEqual ignores key order; a re-encode does not.
      t.is(encodeHistory(back), encodeHistory(ops));
    }),
    { numRuns: 300 },
  );
});

test('property: an op is one line, and any chunking of a history (mid-line, mid-character) decodes the same', (t) => {
  fc.assert(
    fc.property(history, fc.array(fc.nat(), { maxLength: 8 }), (ops, cuts) => {
      for (const op of ops) t.false(encodeOp(op).includes('\n'));
      const encoded = encodeHistory(ops);
      const points = [...new Set(cuts.map((c) => c % (encoded.length + 1)))].sort((a, b) => a - b);
      const decoder = new NdjsonDecoder();
      const out: Op[] = [];
      let from = 0;
      for (const at of [...points, encoded.length]) {
        out.push(...decoder.feed(encoded.slice(from, at)));
        from = at;
      }
      out.push(...decoder.end());
      t.deepEqual(out, ops);
    }),
    { numRuns: 300 },
  );
});
