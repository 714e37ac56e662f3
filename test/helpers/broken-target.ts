import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BUGS, isBug, type Bug } from './bugs.ts';
import { BrokenApp } from './broken-app.ts';

/** How often the `lost-session` bug evicts a session. */
const EVICT_EVERY_MS = 100;

/** A running broken target: one balancer port and one port per node, on 127.0.0.1. */
export interface BrokenTarget extends AsyncDisposable {
  /** The balancer, e.g. `http://127.0.0.1:40123` (what a scenario's `url` or `--target` names). */
  url: string;
  /** Each node's own origin, in node order (`app-1` first). */
  nodeUrls: string[];
  /** The bugs switched on now. */
  readonly active: ReadonlySet<Bug>;
  /** Switches a bug on (in process; the admin endpoint does the same over HTTP). */
  break(bug: Bug): void;
  /** Switches one bug off, or all of them. */
  heal(bug?: Bug): void;
  /** A shell command that switches `bug` on through the admin endpoint (an `exec` fault's command). */
  breakCommand(bug: Bug): string;
  /** The shell command that switches `bug` off again (the fault's `healCommand`). */
  healCommand(bug: Bug): string;
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const originOf = (server: Server): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// `node -e` rather than curl: node is the one program every machine that runs sessionchaos has.
const adminCommand = (url: string, what: 'break' | 'heal', bug: Bug): string =>
  `node -e "fetch('${url}/__admin/${what}?bug=${bug}',{method:'POST'})` +
  `.then(r=>{if(!r.ok)process.exit(1)},e=>{console.error(e.message);process.exit(1)})"`;

/**
 * Starts a deliberately broken cluster in this process: `nodes` app nodes (`app-1`...) sharing one
 * session store, each on its own port, and a round-robin balancer port in front. Bugs are switched
 * on and off at run time with `POST /__admin/break?bug=<kind>` and `POST /__admin/heal[?bug=<kind>]`
 * on any port (`GET /__admin/state` lists them); with none on, it is a correct cluster.
 */
export async function startBrokenTarget(
  options: { nodes?: number; bugs?: Bug[] } = {},
): Promise<BrokenTarget> {
  const count = options.nodes ?? 3;
  const names = Array.from({ length: count }, (_, i) => `app-${i + 1}`);
  const active = new Set<Bug>(options.bugs ?? []);
  const app = new BrokenApp(active);
  let evictor: NodeJS.Timeout | undefined;
  const sync = (): void => {
    if (active.has('lost-session') && !evictor)
      evictor = setInterval(() => app.store.evictOne(), EVICT_EVERY_MS);
    if (!active.has('lost-session') && evictor) {
      clearInterval(evictor);
      evictor = undefined;
    }
  };
  sync();

  const admin = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith('/__admin/')) return false;
    const what = url.pathname.slice('/__admin/'.length);
    const bug = url.searchParams.get('bug');
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (bug !== null && !isBug(bug)) {
      reply(400, { error: `unknown bug "${bug}". Valid bugs: ${BUGS.join(', ')}` });
    } else if (what === 'break' && req.method === 'POST' && bug !== null) {
      active.add(bug);
      sync();
      reply(200, { active: [...active] });
    } else if (what === 'heal' && req.method === 'POST') {
      if (bug === null) active.clear();
      else active.delete(bug);
      sync();
      reply(200, { active: [...active] });
    } else if (what === 'state' && req.method === 'GET') {
      reply(200, { active: [...active] });
    } else {
      reply(404, {
        error:
          'admin routes: POST /__admin/break?bug=KIND, POST /__admin/heal[?bug=KIND], GET /__admin/state',
      });
    }
    return true;
  };

  const serve =
    (node: () => string) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      if (admin(req, res)) return;
      app.handle(node(), req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    };
  const nodeServers = await Promise.all(names.map((name) => listen(serve(() => name))));
  let turn = 0;
  // Round robin per request; under `hotspot`, four requests in five go to app-1.
  const pick = (): string => {
    turn++;
    if (active.has('hotspot') && turn % 5 !== 0) return names[0]!;
    return names[turn % count]!;
  };
  const balancer = await listen(serve(pick));
  const servers = [balancer, ...nodeServers];
  const url = originOf(balancer);
  const close = async (): Promise<void> => {
    active.clear();
    sync();
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
  };
  return {
    url,
    nodeUrls: nodeServers.map(originOf),
    active,
    break(bug) {
      active.add(bug);
      sync();
    },
    heal(bug) {
      if (bug === undefined) active.clear();
      else active.delete(bug);
      sync();
    },
    breakCommand: (bug) => adminCommand(url, 'break', bug),
    healCommand: (bug) => adminCommand(url, 'heal', bug),
    close,
    [Symbol.asyncDispose]: close,
  };
}
