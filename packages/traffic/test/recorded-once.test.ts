import test from 'ava';
import { BinaryHistoryDecoder, BinaryHistoryEncoder, DEFAULT_JOURNEY, encodeOp } from '@sessionchaos/core';
import { startRun } from '../src/index.ts';
import { historySink, labApp, startServer } from './helpers/servers.ts';

// The run records each op once, into the binary history; history.ndjson is made from it. An op
// whose keys are out of the decoded order is kept as JSON (exact, but ~10x the cost): the
// journey's own ops must all take the binary path, hops and cookies included.
test('a real journey (login, whoami, write, read, redirects, cookies) records every op as a VU op record, its NDJSON the same', async (t) => {
  const server = await startServer(labApp('app-3').handler);
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  // Encoded as the history writer encodes: when the op is handed over, not after the run.
  const encoder = new BinaryHistoryEncoder();
  await startRun({
    target: server.origin,
    journey: { ...DEFAULT_JOURNEY, logoutChance: 0.5 },
    load: { model: 'closed', vus: 3, thinkMs: 0, iterations: 4 },
    seed: 3,
    sink: (op) => {
      encoder.add(op, ops.length);
      sink(op);
    },
  }).done;
  t.true(ops.length > 40);
  t.true(ops.some((op) => (op.hops ?? []).some((h) => h.location !== undefined && h.set.length > 0)));
  // The invokes carry their session (set before they were recorded, not after).
  t.true(ops.some((op) => op.type === 'invoke' && op.step === 'whoami' && op.session !== undefined));
  encoder.end();
  let json = 0;
  let text = '';
  new BinaryHistoryDecoder().feedEach(
    encoder.take(),
    (op) => (text += encodeOp(op) + '\n'),
    (line) => {
      json++;
      text += line + '\n';
    },
  );
  t.is(json, 0, 'no op went as JSON');
  t.is(text, ops.map((op, i) => encodeOp({ ...op, index: i }) + '\n').join(''));
});
