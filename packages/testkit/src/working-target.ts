import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A lab-contract target on 127.0.0.1 that keeps every session (`POST /login` sets `sid`, `/api/me` names its
 * user, anything else answers ok): a run against it passes. Closed when the test ends.
 */
export async function startWorkingTarget(t: { teardown(fn: () => void): void }): Promise<string> {
  const sessions = new Map<string, string>();
  let n = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const sid = /sid=(\w+)/.exec(req.headers.cookie ?? '')?.[1];
      const user = sid === undefined ? undefined : sessions.get(sid);
      if (req.url === '/login' && req.method === 'POST') {
        const id = `s${++n}`;
        sessions.set(id, new URLSearchParams(body).get('username') ?? '');
        return void res.writeHead(303, { location: '/', 'set-cookie': `sid=${id}; Path=/` }).end();
      }
      if (req.url === '/api/me')
        return void res.writeHead(user ? 200 : 401).end(JSON.stringify({ user: user ?? null }));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
