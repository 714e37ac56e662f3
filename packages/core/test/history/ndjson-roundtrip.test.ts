import test from 'ava';
import fc from 'fast-check';
import { decodeHistory, encodeHistory, encodeOp, NdjsonDecoder } from '../../src/history/ndjson.ts';
import type { CookieRef, FaultOp, Hop, Op, VuOp } from '../../src/history/op.ts';

// Any text: lone surrogates, quotes, backslashes and control characters included.
const text = fc.string({ unit: 'binary', maxLength: 12 });
// JSON has no -0, NaN or Infinity (they come back as 0 and null): the recorder never writes them.
const num = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));
const count = fc.nat({ max: 1_000_000 });
const opType = fc.constantFrom('invoke', 'ok', 'fail', 'info') as fc.Arbitrary<Op['type']>;

const cookie: fc.Arbitrary<CookieRef> = fc.record(
  {
    name: text,
    hash: text,
    secure: fc.boolean(),
    sameSite: fc.constantFrom('strict', 'lax', 'none'),
    domain: text,
    path: text,
    cleared: fc.boolean(),
  },
  { requiredKeys: ['name', 'hash'] },
);
const hop: fc.Arbitrary<Hop> = fc.record(
  {
    method: text,
    url: text,
    status: count,
    location: text,
    sent: fc.array(cookie, { maxLength: 3 }),
    set: fc.array(cookie, { maxLength: 3 }),
    node: text,
  },
  { requiredKeys: ['method', 'url', 'status', 'sent', 'set'] },
);
const vuOp: fc.Arbitrary<VuOp> = fc.record(
  {
    index: count,
    id: count,
    type: opType,
    time: num,
    process: fc.integer({ min: 1, max: 100_000 }),
    step: fc.constantFrom('visit', 'login', 'whoami', 'write', 'read', 'logout', 'request'),
    epoch: count,
    method: text,
    url: text,
    status: count,
    hops: fc.array(hop, { maxLength: 3 }),
    redirectLoop: fc.constantFrom('repeat', 'cap'),
    node: text,
    identity: fc.option(text),
    user: text,
    value: fc.oneof(text, num, fc.constant(null), fc.array(fc.oneof(text, num), { maxLength: 4 })),
    session: text,
    cacheable: fc.boolean(),
    latency: num,
    error: text,
    bodyBytes: count,
    aborted: fc.constant(true as const),
    probe: text,
  },
  { requiredKeys: ['index', 'id', 'type', 'time', 'process', 'step', 'epoch'] },
);
const faultOp: fc.Arbitrary<FaultOp> = fc.record(
  {
    index: count,
    id: count,
    type: opType,
    time: num,
    process: fc.constant('fault' as const),
    fault: text,
    action: fc.constantFrom('kill', 'stop', 'restart', 'pause', 'partition', 'failover', 'exec', 'heal'),
    target: text,
    victims: fc.array(text, { maxLength: 3 }),
    detail: text,
    error: text,
  },
  { requiredKeys: ['index', 'id', 'type', 'time', 'process', 'fault', 'action'] },
);
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
