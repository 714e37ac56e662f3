// One shard of the bench's load (`node shard-child.ts <url> <K/N> <vus> <seconds>`): our VUs with
// jars and NDJSON recording, as in traffic-bench's own runs. Prints the request count.
import { encodeOp, parseShard } from '@sessionchaos/core';
import { requestIteration, startRun } from '../src/index.ts';

const [url, shardArg, vusArg, secondsArg] = process.argv.slice(2);
const shard = parseShard(shardArg ?? '');
if ('error' in shard || !url) throw new Error('usage: shard-child.ts <url> <K/N> <vus> <seconds>');
let bytes = 0;
const r = await startRun({
  target: url,
  load: { model: 'closed', vus: Number(vusArg), thinkMs: 0, durationMs: Number(secondsArg) * 1000 },
  iteration: requestIteration('/'),
  connections: Number(vusArg),
  shard,
  sink: (op) => {
    bytes += encodeOp(op).length;
  },
}).done;
process.stdout.write(`${JSON.stringify({ requests: r.requests, bytes })}\n`);
