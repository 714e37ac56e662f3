import test from 'ava';
import { generateHistory } from '../fixtures/generate-history.ts';
import { checkHistory, HistoryChecker } from '../../src/checkers/check-history.ts';
import { encodeOp, NdjsonDecoder } from '../../src/history/ndjson.ts';
import type { Op } from '../../src/history/op.ts';

// The benchmark's generated run, small: every checker at once, directly and through the codec.
const ops: Op[] = [...generateHistory({ vus: 60, ops: 40_000, seed: 7 })].flat();

test('checking through NDJSON gives the same result as checking the ops directly, and is deterministic', (t) => {
  const direct = checkHistory(ops, { nodes: 3 });
  const decoder = new NdjsonDecoder();
  const checker = new HistoryChecker({ nodes: 3 });
  let text = '';
  for (const op of ops) text += encodeOp(op) + '\n';
  for (let i = 0; i < text.length; i += 4096)
    for (const op of decoder.feed(text.slice(i, i + 4096))) checker.feed(op);
  for (const op of decoder.end()) checker.feed(op);
  t.deepEqual(checker.finish(), direct);
  t.deepEqual(checkHistory(ops, { nodes: 3 }), direct);
});

test('the generated anomalies are found, in their fault windows', (t) => {
  const result = checkHistory(ops, { nodes: 3 });
  const kinds = (fault: string | null) =>
    [...new Set(result.findings.filter((f) => f.fault === fault).map((f) => f.kind))].sort();
  t.true(kinds('kill-app-2').includes('lost-session'));
  t.true(kinds('redis-down').includes('store-outage'));
  t.true(result.findings.some((f) => f.kind === 'cross-user-leak' && f.count === 1));
  t.deepEqual(result.failures, []);
  t.deepEqual(
    result.recoveries.map((r) => [r.fault, r.recovered]),
    [
      ['kill-app-2', true],
      ['redis-down', true],
    ],
  );
  t.is(result.pending, 0);
});
