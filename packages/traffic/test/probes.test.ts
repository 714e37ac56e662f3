import test from 'ava';
import type { ExecutionContext } from 'ava';
import { DEFAULT_JOURNEY, seededRandom } from '@sessionchaos/core';
import {
  VirtualUser,
  concurrentWritesProbe,
  createHttpClient,
  createVuContext,
  preLoginSessionProbe,
  replayAfterLogoutProbe,
  type VuContext,
} from '../src/index.ts';
import { cookieOf, labApp, startServer } from './helpers/servers.ts';

function contextFor(t: ExecutionContext, target: string): VuContext {
  const client = createHttpClient();
  t.teardown(() => client.close());
  return createVuContext({ target, client });
}

const newVu = (): VirtualUser => new VirtualUser(1, 'user-1', 'secret', seededRandom(1));

test('concurrent writes on one session, then a read of one of them, all tagged with the probe', async (t) => {
  const server = await startServer(labApp().handler);
  t.teardown(() => server.close());
  const ops = await concurrentWritesProbe(contextFor(t, server.origin), newVu(), 4);
  const writes = ops.filter((o) => o.step === 'write');
  t.is(writes.length, 4);
  t.true(writes.every((o) => o.type === 'ok' && o.probe === 'concurrent-write'));
  const read = ops.at(-1);
  t.is(read?.step, 'read');
  t.true(writes.some((w) => w.value === read?.value));
});

test('replaying the cookie after logout: the node that forgot the logout still answers with the user', async (t) => {
  const app = labApp('app-1');
  const issued = new Map<string, string>();
  // app-1 is the real app; app-2 is a stale replica that never hears about a logout.
  const node1 = await startServer((req, res, body) => {
    app.handler(req, res, body);
    const set = res.getHeader('set-cookie');
    const sid = typeof set === 'string' ? /sid=([^;]+)/.exec(set)?.[1] : undefined;
    if (sid) issued.set(sid, 'user-1');
  });
  const node2 = await startServer((req, res) => {
    const user = issued.get(cookieOf(req, 'sid') ?? '') ?? null;
    res.writeHead(user ? 200 : 401, { 'x-served-by': 'app-2' }).end(JSON.stringify({ user, node: 'app-2' }));
  });
  t.teardown(async () => {
    await node1.close();
    await node2.close();
  });
  const ops = await replayAfterLogoutProbe(contextFor(t, node1.origin), newVu(), [node2.origin], 300);
  const replays = ops.filter((o) => o.step === 'whoami');
  // The replays wait out the delay after the acknowledged logout (the checkers' logout grace).
  t.true(replays[0]!.time - ops[0]!.time >= 300);
  t.deepEqual(
    replays.map((o) => [o.node, o.identity]),
    [
      ['app-1', null],
      ['app-2', 'user-1'],
    ],
  );
  t.true(replays.every((o) => o.probe === 'replay-after-logout' && o.session !== undefined));
  t.is(ops[0]?.step, 'logout');
});

test('fixation: a session id kept across login is flagged, a regenerated one is not', async (t) => {
  const good = await startServer(labApp().handler);
  // A target that hands out a session on the login page and keeps that id at login.
  const bad = await startServer((req, res) => {
    if (req.method === 'GET')
      return void res.writeHead(200, { 'set-cookie': 'sid=pre-1; Path=/' }).end('form');
    res.writeHead(303, { location: '/' }).end();
  });
  t.teardown(async () => {
    await good.close();
    await bad.close();
  });
  const regenerated = await preLoginSessionProbe(contextFor(t, good.origin), newVu());
  t.false(regenerated.fixated);
  t.truthy(regenerated.after);
  const kept = await preLoginSessionProbe(
    { ...contextFor(t, bad.origin), journey: { ...DEFAULT_JOURNEY, loginPage: '/sign-in' } },
    newVu(),
  );
  t.true(kept.fixated);
  t.is(kept.before, kept.after);
  t.true(kept.ops.every((o) => o.probe === 'pre-login-session'));
});
