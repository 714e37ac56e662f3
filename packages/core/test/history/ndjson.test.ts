import test from 'ava';
import {
  decodeHistory,
  encodeHistory,
  encodeOp,
  HistoryDecodeError,
  NdjsonDecoder,
} from '../../src/history/ndjson.ts';
import { HistoryBuilder } from '../../src/history/op-builders.ts';
import { pairOps } from '../../src/history/pairing.ts';

function sample(): HistoryBuilder {
  const h = new HistoryBuilder();
  h.faultInvoke('kill-1', 'kill', 0, { target: 'app' });
  h.step(
    1,
    'login',
    1,
    13.5,
    { user: 'user-1', method: 'POST', url: '/login' },
    {
      status: 200,
      session: 'ab12',
      hops: [
        {
          method: 'POST',
          url: '/login',
          status: 303,
          location: '/',
          sent: [],
          set: [{ name: 'sid', hash: 'ab12' }],
        },
      ],
      node: 'app-2',
      identity: 'user-1',
    },
  );
  h.step(2, 'read', 2, 40, { session: 'cd34' }, { error: 'timeout' }, 'info');
  h.faultDone('kill-1', 'kill', 50, { victims: ['app-1'] });
  return h;
}

test('round trip: encode then decode gives the same ops', (t) => {
  const { ops } = sample();
  t.deepEqual(decodeHistory(encodeHistory(ops)), ops);
  t.false(encodeOp(ops[0]!).includes('\n'));
});

test('the decoder takes any chunking, including a split inside a line and CRLF', (t) => {
  const { ops } = sample();
  const text = encodeHistory(ops).replaceAll('\n', '\r\n');
  for (const size of [1, 7, 64, text.length]) {
    const decoder = new NdjsonDecoder();
    const out = [];
    for (let i = 0; i < text.length; i += size) out.push(...decoder.feed(text.slice(i, i + size)));
    out.push(...decoder.end());
    t.deepEqual(out, ops, `chunks of ${size}`);
  }
});

test('a last line without newline is decoded at end(); blank lines are skipped', (t) => {
  const { ops } = sample();
  const decoder = new NdjsonDecoder();
  t.deepEqual(decoder.feed(`\n${encodeOp(ops[0]!)}\n\n${encodeOp(ops[1]!)}`), [ops[0]]);
  t.deepEqual(decoder.end(), [ops[1]]);
  t.is(decoder.lines, 4);
});

test('a bad line names its line number', (t) => {
  const { ops } = sample();
  const good = encodeOp(ops[0]!);
  const cases: [string, RegExp][] = [
    [`${good}\n${good}\n{"index": 2,\n`, /^history line 3: not JSON/],
    [`${good}\n[1,2]\n`, /^history line 2: not a JSON object/],
    [`{"index":0,"id":0,"type":"done","time":0,"process":1,"step":"visit"}\n`, /line 1: "type" must be/],
    [`{"index":0,"id":0,"type":"ok","time":0,"process":"x"}\n`, /line 1: "process" must be/],
    [`{"index":0,"id":0,"type":"ok","time":0,"process":"fault"}\n`, /line 1: a fault op needs/],
  ];
  for (const [text, message] of cases) {
    const error = t.throws(() => decodeHistory(text), { instanceOf: HistoryDecodeError });
    t.regex(error.message, message);
  }
  const error = t.throws(() => decodeHistory(`${good}\n${good}\nnope`), { instanceOf: HistoryDecodeError });
  t.is(error.line, 3);
});

test('session data values round-trip as scalars, null and lists (an append read)', (t) => {
  const h = new HistoryBuilder();
  h.step(1, 'write', 0, 5, { value: 'item-1' }, { status: 200, value: ['item-1'] });
  h.step(1, 'read', 10, 15, {}, { status: 200, value: ['item-1', 2] });
  h.step(1, 'read', 20, 25, {}, { status: 200, value: null });
  h.step(1, 'read', 30, 35, {}, { status: 200, value: 7 });
  t.deepEqual(decodeHistory(encodeHistory(h.ops)), h.ops);
});

test('pairing matches each completion with its invoke, and leaves the open ones', (t) => {
  const h = sample();
  h.invoke(3, 'whoami', 60);
  const pairs = pairOps(h.ops);
  t.deepEqual(
    pairs.map((p) => [p.invoke.index, p.completion?.index]),
    [
      [0, 5],
      [1, 2],
      [3, 4],
      [6, undefined],
    ],
  );
});
