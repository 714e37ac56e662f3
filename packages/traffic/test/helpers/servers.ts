import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VuOp } from '@sessionchaos/core';

/** A real HTTP server on 127.0.0.1 with a random port. */
export interface TestServer {
  origin: string;
  /** Requests received, in order (method + path). */
  log: string[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** Starts `handler` on 127.0.0.1 and records every request. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const log: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      log.push(`${req.method} ${req.url}`);
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads one cookie from a request's Cookie header. */
export function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** The lab app's contract, in memory, one node. `sessionsByUser` counts distinct session ids per user. */
export function labApp(node = 'app-1'): { handler: Handler; sessionsByUser: Map<string, Set<string>> } {
  const sessions = new Map<string, { user: string | null; value: unknown }>();
  const sessionsByUser = new Map<string, Set<string>>();
  let nextId = 1;
  const handler: Handler = (req, res, body) => {
    res.setHeader('X-Served-By', node);
    const sid = cookieOf(req, 'sid');
    const session = sid === undefined ? undefined : sessions.get(sid);
    const user = session?.user ?? null;
    const json = (status: number, obj: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(obj));
    };
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/login' && req.method === 'GET') return void res.end('<form>login</form>');
    if (path === '/login' && req.method === 'POST') {
      const form = req.headers['content-type']?.includes('json')
        ? (JSON.parse(body) as Record<string, string>)
        : Object.fromEntries(new URLSearchParams(body));
      if (form.password !== 'secret' || !form.username) return void res.writeHead(401).end('bad password');
      if (sid !== undefined) sessions.delete(sid); // regenerate the id at login
      const id = `s${nextId++}-${node}`;
      sessions.set(id, { user: form.username, value: null });
      const seen = sessionsByUser.get(form.username) ?? new Set<string>();
      seen.add(id);
      sessionsByUser.set(form.username, seen);
      return void res.writeHead(303, { location: '/', 'set-cookie': `sid=${id}; Path=/; HttpOnly` }).end();
    }
    if (path === '/') {
      if (!user) return void res.writeHead(302, { location: '/login' }).end();
      return void res.end(`<p>hello ${user}</p>`);
    }
    if (path === '/api/me') return json(user ? 200 : 401, { user, node });
    if (path === '/api/data') {
      if (!user || !session) return json(401, { value: null });
      if (req.method === 'POST') session.value = (JSON.parse(body) as { value: unknown }).value;
      return json(200, { value: session.value });
    }
    if (path === '/logout') {
      if (sid !== undefined) sessions.delete(sid);
      return void res.writeHead(303, { location: '/login', 'set-cookie': 'sid=; Path=/; Max-Age=0' }).end();
    }
    res.writeHead(404).end();
  };
  return { handler, sessionsByUser };
}

/** Collects a run's history. */
export function historySink(): { ops: VuOp[]; sink: (op: VuOp) => void } {
  const ops: VuOp[] = [];
  return { ops, sink: (op) => ops.push(op) };
}
