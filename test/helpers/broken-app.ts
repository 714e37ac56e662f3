import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bug } from './bugs.ts';
import { BrokenStore } from './broken-store.ts';

/** The password the broken target accepts for any user name (the lab's). */
export const PASSWORD = 'secret';

const page = (title: string, body: string): string =>
  `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`;

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += (chunk as Buffer).toString();
  if (text === '') return {};
  if ((req.headers['content-type'] ?? '').includes('json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/**
 * The lab app's HTTP contract (packages/lab/src/app/create-app.ts: login page, login, whoami,
 * session read/write, logout) over one shared {@link BrokenStore}, with the bugs of `bugs`
 * applied. `handle(node, ...)` answers as node `node`; every response names it in `x-served-by`.
 */
export class BrokenApp {
  readonly store: BrokenStore;
  readonly #bugs: ReadonlySet<Bug>;
  /** Per node: the user of the last /api/me it answered (what the `cross-user-leak` cache serves). */
  readonly #lastMe = new Map<string, string>();
  /** A seeded generator (an LCG) for `transient-refusal`: random refusals, the same on every run. */
  #seed = 12_345;

  constructor(bugs: ReadonlySet<Bug>) {
    this.#bugs = bugs;
    this.store = new BrokenStore(bugs);
  }

  #random(): number {
    this.#seed = (this.#seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return this.#seed / 2 ** 31;
  }

  /** Answers one request as node `node`. */
  async handle(node: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bugs = this.#bugs;
    const path = (req.url ?? '/').split('?')[0];
    const route = `${req.method} ${path}`;
    res.setHeader('x-served-by', node);
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const html = (status: number, title: string, body: string): void => {
      res.writeHead(status, { 'content-type': 'text/html' }).end(page(title, body));
    };
    const redirect = (status: number, to: string, cookie?: string): void => {
      res.writeHead(status, { location: to, ...(cookie ? { 'set-cookie': cookie } : {}) }).end();
    };
    const setSid = (id: string): string => `sid=${id}; Path=/; HttpOnly; SameSite=Lax`;
    if (path === '/healthz') return void res.writeHead(200).end('ok');
    if (bugs.has('store-outage')) return json(503, { error: 'session store unavailable' });
    if (bugs.has('error-spike') && node === 'app-2') return json(500, { error: 'internal error' });

    // Refused at random though the session is intact: the same cookie is accepted on the next try.
    if (bugs.has('transient-refusal') && path!.startsWith('/api/') && this.#random() < 0.3)
      return json(401, { user: null, node });
    const sid = cookieOf(req, 'sid');
    const user = this.store.user(sid, node);
    switch (route) {
      case 'GET /login': {
        if (bugs.has('redirect-loop')) return redirect(302, '/');
        const form =
          '<form method="post" action="/login"><input name="username"><input name="password" type="password">' +
          '<button>Log in</button></form>';
        // An anonymous session before login, as many frameworks hand out: what fixation would keep.
        if (!this.store.has(sid)) res.setHeader('set-cookie', setSid(this.store.create(null)));
        return html(200, 'Log in', form);
      }
      case 'POST /login': {
        const body = await bodyOf(req);
        const name = typeof body.username === 'string' ? body.username : '';
        if (!name || body.password !== PASSWORD || bugs.has('unauthorized-spike'))
          return html(401, 'Log in', '<p>Wrong user name or password.</p>');
        const id = this.store.login(sid, name);
        return redirect(303, '/', id === sid ? undefined : setSid(id));
      }
      case 'GET /':
        if (user === null) return redirect(302, '/login');
        return html(200, 'Home', `<p>Hello ${user}, served by ${node}.</p>`);
      case 'GET /api/me': {
        if (user === null) return json(401, { user: null, node });
        const cached = this.#lastMe.get(node);
        this.#lastMe.set(node, user);
        if (bugs.has('cross-user-leak') && node === 'app-2' && cached !== undefined)
          return json(200, { user: cached, node });
        return json(200, { user, node });
      }
      case 'GET /api/data':
        if (user === null) return json(401, { user: null, node });
        return json(200, { value: this.store.read(sid!, node) });
      case 'POST /api/data': {
        if (user === null) return json(401, { user: null, node });
        const value = (await bodyOf(req)).value;
        if (typeof value !== 'string' && typeof value !== 'number')
          return json(400, { error: 'value must be a string or a number' });
        await this.store.write(sid!, value);
        return json(200, { value });
      }
      case 'POST /logout':
        this.store.logout(sid, node);
        return redirect(303, '/login', 'sid=; Path=/; Max-Age=0');
      default:
        return json(404, { error: `no route ${route}` });
    }
  }
}
