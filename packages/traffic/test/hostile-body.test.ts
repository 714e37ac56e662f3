import test from 'ava';
import { startRun, send, createHttpClient, DEFAULT_MAX_BODY_BYTES, type Iteration } from '../src/index.ts';
import { historySink, startServer } from './helpers/servers.ts';

const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

/** A hostile target: every answer is `size` bytes, starting with a token, streamed in 64 KiB chunks. */
async function hugeBodies(size: number) {
  return startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'x-served-by': 'app-1' });
    res.write('token=abc123;');
    let left = size - 13;
    const pump = (): void => {
      while (left > 0) {
        const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
        left -= piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
}

test('a body past the prefix is counted, not kept: its start is there for captures, its size is exact', async (t) => {
  const server = await hugeBodies(3 * MB);
  t.teardown(() => server.close());
  const client = createHttpClient();
  t.teardown(() => client.close());
  const { origin } = new URL(server.origin);
  const whole = await send(client, { origin, path: '/', method: 'GET', maxBodyBytes: 64 * 1024 });
  t.is(whole.bodyBytes, 3 * MB);
  t.true(whole.truncated);
  t.is(whole.body.length, 64 * 1024);
  t.true(whole.body.startsWith('token=abc123;'));
  // Near-miss: a body within the prefix is whole and not marked truncated.
  const small = await send(client, { origin, path: '/', method: 'GET', maxBodyBytes: 4 * MB });
  t.is(small.body.length, 3 * MB);
  t.false(small.truncated);
  t.is(DEFAULT_MAX_BODY_BYTES, MB);
});

test('20 users against 50 MB bodies: memory stays bounded and every op records the body size', async (t) => {
  const size = 50 * MB;
  const server = await hugeBodies(size);
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  const whoami: Iteration = async (vu, ctx) => {
    await vu.step(ctx, 'whoami', ctx.compiled.whoami);
  };
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  t.teardown(() => clearInterval(sampler));
  await startRun({
    target: server.origin,
    load: { model: 'closed', vus: 20, thinkMs: 0, iterations: 1 },
    iteration: whoami,
    sink,
    timeoutMs: 60_000,
  }).done;
  clearInterval(sampler);
  const done = ops.filter((o) => o.type !== 'invoke');
  t.is(done.length, 20);
  for (const op of done) t.is(op.bodyBytes, size);
  // Held whole, 20 bodies of 50 MB were 1.36 GB; with a 1 MiB prefix each, a few tens of MB.
  const grew = (peak - before) / MB;
  t.true(grew < 250, `rss grew by ${Math.round(grew)} MB`);
  t.log(`rss grew by ${Math.round(grew)} MB for 20 x 50 MB bodies`);
});
