import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A three-node cluster in one process: round robin, one shared session store, two traps a checker once fell into. */
export interface TrapTarget {
  url: string;
  /** From now on every request answers 500 (the store is down)... */
  storeDown(): void;
  /** ...and now it is back, empty: every session is gone. */
  storeBackEmpty(): void;
  /** Sessions the store holds now (users logged in and not out). */
  readonly sessions: number;
  /**
   * Users who lost their session: one a whoami had named them with before the wipe, asked who they
   * are with it after the store came back, and asked again (a loss seen alive and confirmed).
   */
  readonly lostUsers: ReadonlySet<string>;
  /** Requests each node answered, whatever the status. */
  readonly answered: Record<string, number>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/**
 * The lab contract on 127.0.0.1 behind an even round robin (`x-served-by` app-1..3), sessions in a
 * store every node shares. `GET /static` answers 404 on app-2 and app-3 and 200 on app-1: the nodes'
 * shares of 200s differ, their shares of answers do not. `storeDown()`/`storeBackEmpty()` play a
 * store that dies and restarts empty; logouts answer 500 meanwhile, like every other request.
 */
export async function startTrapTarget(): Promise<TrapTarget> {
  const store = new Map<string, string>();
  const wiped = new Map<string, string>();
  const lostUsers = new Set<string>();
  /** Sessions a whoami named their user with; and how often each wiped one was asked about since. */
  const seen = new Set<string>();
  const askedWiped = new Map<string, number>();
  const answered: Record<string, number> = { 'app-1': 0, 'app-2': 0, 'app-3': 0 };
  let down = false;
  let turn = 0;
  let next = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const node = `app-${(turn++ % 3) + 1}`;
      answered[node]!++;
      res.setHeader('x-served-by', node);
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/static') return void res.writeHead(node === 'app-1' ? 200 : 404).end();
      if (down) return void res.writeHead(500).end('store unavailable');
      const sid = cookie(req, 'sid');
      const user = sid === undefined ? undefined : store.get(sid);
      // A user who asks who they are with a wiped session finds it gone (a logout with it ends it anyway).
      if (path === '/api/me' && sid !== undefined && user === undefined && wiped.has(sid) && seen.has(sid)) {
        const asked = (askedWiped.get(sid) ?? 0) + 1;
        askedWiped.set(sid, asked);
        if (asked >= 2) lostUsers.add(wiped.get(sid)!);
      }
      if (path === '/api/me' && sid !== undefined && user) seen.add(sid);
      const json = (status: number, v: unknown): void =>
        void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(v));
      if (path === '/login' && req.method === 'POST') {
        const f = new URLSearchParams(body);
        const id = `s${++next}`;
        store.set(id, f.get('username') ?? '');
        return void res.writeHead(303, { location: '/', 'set-cookie': `sid=${id}; Path=/` }).end();
      }
      if (path === '/login' || path === '/') return void res.end('<form method=post action=/login></form>');
      if (path === '/api/me') return json(user ? 200 : 401, { user: user ?? null });
      if (path === '/logout') {
        if (sid !== undefined) store.delete(sid);
        return void res.writeHead(303, { location: '/login', 'set-cookie': 'sid=; Max-Age=0; Path=/' }).end();
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const close = (): Promise<void> =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    storeDown: () => void (down = true),
    storeBackEmpty: () => {
      for (const [k, v] of store) wiped.set(k, v);
      store.clear();
      down = false;
    },
    get sessions() {
      return store.size;
    },
    lostUsers,
    answered,
    close,
    [Symbol.asyncDispose]: close,
  };
}
