import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the data target can get wrong, each switched on by name. */
export const DATA_BUGS = {
  'loses-increments': 'one increment in three is acknowledged but never applied',
  'drops-items': 'one item in three added to the cart is acknowledged but never stored',
  'old-count': 'app-2 and app-3 read the counter and the cart from a replica 300 ms behind',
} as const;

/** A bug of the data target. */
export type DataBug = keyof typeof DATA_BUGS;

/** A running data target: one port on 127.0.0.1 answering as app-1..3 in turn. */
export interface DataTarget extends AsyncDisposable {
  url: string;
  /** Switches a bug on. */
  break(bug: DataBug): void;
  close(): Promise<void>;
}

const LAG_MS = 300;
const NODES = ['app-1', 'app-2', 'app-3'];

interface Session {
  user: string;
  count: number;
  cart: (string | number)[];
  writes: number;
  /** What the data was when, for the lagging replica (the last second's worth). */
  log: { at: number; count: number; cart: (string | number)[] }[];
}

function cookieOf(req: IncomingMessage): string | undefined {
  const m = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '');
  return m?.[1];
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += (chunk as Buffer).toString();
  return text;
}

/**
 * A small app with session data the way real apps hold it: a counter (`POST /api/counter` adds
 * one and answers the count) and a cart (`POST /api/cart` adds `{"value": item}` and answers the
 * list), both read back with `GET`. Login, whoami and logout follow the lab app's contract. A
 * round robin names the node of each answer in `x-served-by`; with no bug on it is correct.
 */
export async function startDataTarget(): Promise<DataTarget> {
  const sessions = new Map<string, Session>();
  const bugs = new Set<DataBug>();
  let nextId = 0;
  let turn = 0;

  function snapshot(s: Session): void {
    const now = performance.now();
    s.log.push({ at: now, count: s.count, cart: [...s.cart] });
    while (s.log.length > 1 && s.log[0]!.at < now - 1_000) s.log.shift();
  }

  // What a read on `node` sees: the replica lags behind on app-2 and app-3 under `old-count`.
  function seen(s: Session, node: string): { count: number; cart: (string | number)[] } {
    if (!bugs.has('old-count') || node === 'app-1') return s;
    const before = performance.now() - LAG_MS;
    let view = { count: 0, cart: [] as (string | number)[] };
    for (const entry of s.log) if (entry.at <= before) view = entry;
    return view;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const node = NODES[turn++ % NODES.length]!;
    res.setHeader('x-served-by', node);
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const sid = cookieOf(req);
    const s = sid === undefined ? undefined : sessions.get(sid);
    const route = `${req.method} ${(req.url ?? '/').split('?')[0]}`;
    if (route === 'GET /login')
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('<form></form>');
    if (route === 'POST /login') {
      const user = new URLSearchParams(await bodyOf(req)).get('username') ?? '';
      if (user === '') return json(401, { user: null });
      const id = `s${++nextId}`;
      sessions.set(id, { user, count: 0, cart: [], writes: 0, log: [] });
      res.writeHead(303, { location: '/', 'set-cookie': `sid=${id}; Path=/; HttpOnly` }).end();
      return;
    }
    if (route === 'POST /logout') {
      if (sid !== undefined) sessions.delete(sid);
      res.writeHead(303, { location: '/login', 'set-cookie': 'sid=; Path=/; Max-Age=0' }).end();
      return;
    }
    if (!s) {
      if (route === 'GET /') return void res.writeHead(302, { location: '/login' }).end();
      return json(401, { user: null });
    }
    switch (route) {
      case 'GET /':
        return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>Hello ${s.user}</p>`);
      case 'GET /api/me':
        return json(200, { user: s.user, node });
      case 'POST /api/counter':
        // The lost increment is acknowledged all the same: the client cannot tell at once.
        if (!(bugs.has('loses-increments') && ++s.writes % 3 === 0)) s.count++;
        snapshot(s);
        return json(200, { value: s.count });
      case 'POST /api/cart': {
        const item = (JSON.parse((await bodyOf(req)) || '{}') as { value?: string | number }).value;
        if (item === undefined) return json(400, { error: 'value is required' });
        if (!(bugs.has('drops-items') && ++s.writes % 3 === 0)) s.cart.push(item);
        snapshot(s);
        return json(200, { value: s.cart });
      }
      case 'GET /api/counter':
        return json(200, { value: seen(s, node).count });
      case 'GET /api/cart':
        return json(200, { value: seen(s, node).cart });
      default:
        return json(404, { error: `no route ${route}` });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    break: (bug) => void bugs.add(bug),
    close,
    [Symbol.asyncDispose]: close,
  };
}
