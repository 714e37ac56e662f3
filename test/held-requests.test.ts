import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { decodeHistory, isVuOp } from '@sessionchaos/core';
import type { Summary } from '@sessionchaos/report';
import { startCli, STACK_TRACE } from './helpers/cli-process.ts';

// "Time is kept": a target that stops answering (it holds every request, as a saturated app or a
// stuck proxy does) cannot stretch a run beyond its duration + grace. Before, the run waited for
// each request's own 10 s timeout: a 3 s run lasted 13 s. A real CLI process, a real server on 127.0.0.1.

interface HoldingTarget {
  url: string;
  /** From now on, every request is held and never answered. */
  hold(): void;
  /** Requests held so far. */
  readonly held: number;
  [Symbol.asyncDispose](): Promise<void>;
}

/** The lab's default journey on one node (`x-served-by: app-1`), until {@link HoldingTarget.hold}. */
async function startHoldingTarget(): Promise<HoldingTarget> {
  const sessions = new Map<string, { user: string; value: unknown }>();
  let holding = false;
  let held = 0;
  let next = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (holding) return void held++;
      res.setHeader('x-served-by', 'app-1');
      const path = (req.url ?? '/').split('?')[0];
      const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      const session = sid === undefined ? undefined : sessions.get(sid);
      const json = (status: number, v: unknown): void =>
        void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(v));
      if (path === '/login' && req.method === 'POST') {
        const id = `s${++next}`;
        sessions.set(id, { user: new URLSearchParams(body).get('username') ?? '', value: null });
        return void res.writeHead(303, { location: '/', 'set-cookie': `sid=${id}; Path=/` }).end();
      }
      if (path === '/' || path === '/login') return void res.end('<form method=post action=/login></form>');
      if (path === '/api/me') return json(session ? 200 : 401, { user: session?.user ?? null });
      if (path === '/api/data' && session) {
        if (req.method === 'POST') session.value = (JSON.parse(body || '{}') as { value?: unknown }).value;
        return json(200, { value: session.value });
      }
      if (path === '/logout') {
        if (sid !== undefined) sessions.delete(sid);
        return void res.writeHead(303, { location: '/login', 'set-cookie': 'sid=; Max-Age=0; Path=/' }).end();
      }
      res.writeHead(session ? 404 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold: () => void (holding = true),
    get held() {
      return held;
    },
    [Symbol.asyncDispose]: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function scenarioFile(
  t: ExecutionContext,
  url: string,
  grace?: string,
): Promise<{ file: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sessionchaos-held-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const scenario = {
    name: 'held-requests',
    description: 'A target that stops answering mid-run: the run still ends on time.',
    target: { url, nodes: 1 },
    load: { users: 5, duration: '3s', think: '50ms', ...(grace !== undefined ? { grace } : {}) },
  };
  const file = join(dir, 'held.yaml');
  await writeFile(file, JSON.stringify(scenario));
  return { file, out: join(dir, 'out') };
}

/** Runs the scenario, holding every request from the moment its traffic starts; the wall time from then to the exit. */
async function heldRun(t: ExecutionContext, target: HoldingTarget, file: string, out: string) {
  const run = startCli(['run', file, '--out', out, '--no-dashboard']);
  await run.waitFor(/journey checked/);
  target.hold();
  const from = Date.now();
  const { code } = await run.exited;
  const wallMs = Date.now() - from;
  t.notRegex(run.err, STACK_TRACE);
  t.true(target.held > 0, 'the target held requests');
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  const ops = decodeHistory(readFileSync(join(out, 'history.ndjson'), 'utf8')).filter(isVuOp);
  return { code, wallMs, summary, ops, err: run.err };
}

test('a target holding every request: the run ends at duration + the default 2 s grace, the held requests cut as info', async (t) => {
  await using target = await startHoldingTarget();
  const { file, out } = await scenarioFile(t, target.url);
  const r = await heldRun(t, target, file, out);
  // 3 s + 2 s, with a second of margin for a busy machine (it was 13 s: 3 s + the 10 s request timeout).
  t.true(
    r.summary.durationMs >= 3_000 && r.summary.durationMs <= 6_000,
    `durationMs ${r.summary.durationMs}`,
  );
  // The whole process, reports included, within duration + grace and a generous margin.
  t.true(r.wallMs < 11_000, `wall ${r.wallMs} ms\n${r.err}`);
  const cut = r.ops.filter((o) => o.type !== 'invoke' && o.aborted === true);
  t.true(cut.length > 0);
  for (const o of cut) {
    t.is(o.type, 'info');
    t.is(o.status, undefined);
    t.is(o.error, "cut by sessionchaos: no answer 2 s after the load's duration ended (load.grace)");
  }
  // Held, not failed: no op of the target's own failure, and no invoke left without its completion.
  t.is(r.summary.history.pending, 0);
  t.is(r.summary.requests.byStatus.error ?? 0, 0, JSON.stringify(r.summary.requests.byStatus));
  t.is(r.summary.requests.byStatus.aborted, cut.length);
  t.false(r.summary.findings.some((f) => f.kind === 'error-spike'));
});

test('load.grace sets how long held requests may take: 500ms', async (t) => {
  await using target = await startHoldingTarget();
  const { file, out } = await scenarioFile(t, target.url, '500ms');
  const r = await heldRun(t, target, file, out);
  t.true(
    r.summary.durationMs >= 3_000 && r.summary.durationMs <= 4_500,
    `durationMs ${r.summary.durationMs}`,
  );
  const cut = r.ops.filter((o) => o.type !== 'invoke' && o.aborted === true);
  t.true(cut.length > 0);
  t.true(
    cut.every(
      (o) => o.error === "cut by sessionchaos: no answer 0.5 s after the load's duration ended (load.grace)",
    ),
  );
});
