// The bench target: a minimal node:http server that behaves like a session app (nginx is not
// installed here). It runs in its own process so it does not share an event loop with the load.
// A request without a `sid` cookie gets one (Set-Cookie), as a session middleware would;
// POST /login always sets a fresh one. Prints its port on stdout, exits when stdin closes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let next = 0;
const server = createServer((req, res) => {
  const hasSid = req.headers.cookie?.includes('sid=') === true;
  const headers: Record<string, string> = { 'x-served-by': 'bench-1', 'content-type': 'text/plain' };
  if (!hasSid || req.method === 'POST') {
    headers['set-cookie'] = `sid=${(++next).toString(16).padStart(32, '0')}; Path=/; HttpOnly`;
  }
  if (req.method === 'POST') {
    req.resume();
    req.on('end', () => res.writeHead(200, headers).end('ok'));
    return;
  }
  // A who-am-I answer in JSON, for the journey-language bench (captures read it).
  if (req.url === '/api/me') {
    headers['content-type'] = 'application/json';
    headers['x-request-id'] = String(next);
    return void res
      .writeHead(200, headers)
      .end('{"user":"bench","token":"0123456789abcdef0123456789abcdef"}');
  }
  res.writeHead(200, headers).end('ok');
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
