import test from 'ava';
import { checkHistory } from '@sessionchaos/core';
import { startRun, send, createHttpClient, DEFAULT_MAX_BODY_BYTES, type Iteration } from '../src/index.ts';
import { historySink, startServer } from './helpers/servers.ts';

const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, ' ');

/**
 * A hostile target: every answer is `size` bytes, starting with `start` (a whoami's
 * `{"user":"user-1",`), streamed in 64 KiB chunks, with a Content-Length or chunked. It counts the
 * bytes it actually wrote before the client closed the connection.
 */
async function hugeBodies(
  size: number,
  options: { declare?: boolean; start?: (path: string) => string } = {},
) {
  const written: number[] = [];
  const server = await startServer((req, res) => {
    if (req.url === '/login') {
      res.writeHead(303, { location: '/home', 'set-cookie': `sid=s-${Math.random()}` }).end();
      return;
    }
    if (req.url === '/home') return void res.writeHead(200).end('home');
    const start = options.start?.(req.url ?? '/') ?? 'token=abc123;';
    res.writeHead(200, {
      'content-type': 'application/json',
      'x-served-by': 'app-1',
      ...(options.declare === true && { 'content-length': String(size) }),
    });
    let sent = start.length;
    res.write(start);
    let left = size - start.length;
    let closed = false;
    res.on('close', () => {
      closed = true;
      written.push(sent);
    });
    const pump = (): void => {
      while (left > 0 && !closed) {
        const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
        left -= piece.length;
        sent += piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      if (!closed) res.end();
    };
    pump();
  });
  return { ...server, written };
}

test('an answer past maxBodyBytes is response-too-large: read up to the limit, its connection closed, the rest never sent', async (t) => {
  const server = await hugeBodies(200 * MB);
  t.teardown(() => server.close());
  const client = createHttpClient();
  t.teardown(() => client.close());
  const { origin } = new URL(server.origin);
  const big = await send(client, { origin, path: '/', method: 'GET', maxBodyBytes: 64 * 1024 });
  t.deepEqual(big.tooLarge, { limit: 64 * 1024 });
  t.true(big.truncated);
  t.true(big.body.startsWith('token=abc123;'));
  // At most the limit plus one chunk of the socket was read.
  t.true(big.bodyBytes > 64 * 1024 && big.bodyBytes <= 64 * 1024 + 256 * 1024, `read ${big.bodyBytes}`);
  // The server could write only what the socket buffers held before the close: not 200 MB.
  while (server.written.length === 0) await new Promise((r) => setTimeout(r, 10));
  t.true(server.written[0]! < 32 * MB, `the server wrote ${server.written[0]} bytes`);
  t.is(DEFAULT_MAX_BODY_BYTES, MB);
});

test('a declared Content-Length past the limit is refused before a byte of the body is read; a body within it is whole', async (t) => {
  const server = await hugeBodies(3 * MB, { declare: true });
  t.teardown(() => server.close());
  const client = createHttpClient();
  t.teardown(() => client.close());
  const { origin } = new URL(server.origin);
  const big = await send(client, { origin, path: '/', method: 'GET', maxBodyBytes: 64 * 1024 });
  t.deepEqual(big.tooLarge, { limit: 64 * 1024, declared: 3 * MB });
  t.is(big.bodyBytes, 0);
  // Near-miss: the same answer under a higher limit is read whole, not too large.
  const small = await send(client, { origin, path: '/', method: 'GET', maxBodyBytes: 4 * MB });
  t.is(small.body.length, 3 * MB);
  t.false(small.truncated);
  t.is(small.tooLarge, undefined);
});

test('20 users whose whoami answers 200 MB starting with the user: response-too-large, not anonymous, no lost session, memory bounded', async (t) => {
  const size = 200 * MB;
  const server = await hugeBodies(size, { start: () => '{"user":"user-1",' });
  t.teardown(() => server.close());
  const { ops, sink } = historySink();
  const iteration: Iteration = async (vu, ctx) => {
    await vu.logIn(ctx);
    await vu.step(ctx, 'whoami', ctx.compiled.whoami);
    await vu.step(ctx, 'whoami', ctx.compiled.whoami);
  };
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  t.teardown(() => clearInterval(sampler));
  const started = Date.now();
  await startRun({
    target: server.origin,
    load: { model: 'closed', vus: 20, thinkMs: 0, iterations: 1 },
    iteration,
    sink,
    timeoutMs: 60_000,
  }).done;
  clearInterval(sampler);
  const whoamis = ops.filter((o) => o.type !== 'invoke' && o.step === 'whoami');
  t.is(ops.filter((o) => o.type === 'ok' && o.step === 'login').length, 20);
  t.is(whoamis.length, 40);
  for (const op of whoamis) {
    t.is(op.type, 'info');
    t.is(op.status, 200);
    t.is(op.identity, undefined, 'a cut JSON names nobody, and is not "anonymous" either');
    t.regex(
      op.error ?? '',
      /^response-too-large: the answer \(status 200\) was cut after \d+ bytes, more than maxBodyBytes \(1048576\)/,
    );
    t.true(op.bodyBytes! <= MB + 256 * 1024, `read ${op.bodyBytes}`);
  }
  // Downloaded whole, 40 answers of 200 MB were 8 GB; bounded, a few tens of MB in all.
  const wrote = server.written.reduce((a, b) => a + b, 0);
  t.true(wrote < 40 * 32 * MB, `the server wrote ${Math.round(wrote / MB)} MB`);
  const grew = (peak - before) / MB;
  t.true(grew < 250, `rss grew by ${Math.round(grew)} MB`);
  t.log(
    `${Math.round(wrote / MB)} MB written by the server, rss +${Math.round(grew)} MB, ${Date.now() - started} ms`,
  );
  const result = checkHistory(ops, { loginPath: '/login', sessionCookie: 'sid' });
  const kinds = result.findings.map((f) => f.kind);
  t.false(kinds.includes('lost-session'));
  t.false(kinds.includes('unauthorized-spike'));
});
