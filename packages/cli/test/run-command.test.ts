import test from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../src/index.ts';
import { cli } from './helpers/run-cli.ts';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

test('validate reports every error at once with file, line and the valid choices, and exits 64', async (t) => {
  const { code, err } = await cli('validate', fixture('bad.yaml'));
  t.is(code, EXIT.usage);
  const f = fixture('bad.yaml');
  t.true(
    err.includes(`${f}:4: target.lab: strategy "memroy" is unknown. Valid strategies: memory, sticky,`),
    err,
  );
  t.true(err.includes(`${f}:5: load.users: 0 must be a whole number between 1 and 100000`), err);
  t.true(err.includes(`${f}:5: load.duration: "10 secs" is not a duration`), err);
  t.true(err.includes(`${f}:7: faults[0].action: unknown fault action "kil". Valid actions: kill,`), err);
  t.true(
    err.includes(`${f}:9: gate[0].finding: "lost-sesion" is not allowed. Valid choices: lost-session,`),
    err,
  );
});

test('validate accepts a TypeScript scenario written with defineScenario', async (t) => {
  const { code, out, err } = await cli('validate', fixture('typed-scenario.ts'));
  t.is(code, EXIT.pass, err);
  t.regex(out, /typed-scenario\.ts: valid\. typed: http:\/\/127\.0\.0\.1:9, 2s, 0 fault\(s\), 1 gate\(s\)/);
});

test('validate says which flags a scenario with hooks needs', async (t) => {
  const { code, out } = await cli('validate', fixture('kill-one.yaml'));
  t.is(code, EXIT.pass);
  t.regex(out, /run it with --allow-exec/);
});

test('run refuses an invalid scenario with 64 and runs nothing', async (t) => {
  const { code, err } = await cli('run', fixture('bad.yaml'), '--no-dashboard');
  t.is(code, EXIT.usage);
  t.regex(err, /5 problem\(s\) in the scenario; nothing was run/);
});

test('run refuses bad options with 64, naming each', async (t) => {
  const { code, err } = await cli(
    'run',
    fixture('kill-one.yaml'),
    '--seed',
    'x',
    '--users',
    '0',
    '--duration',
    'long',
  );
  t.is(code, EXIT.usage);
  t.regex(err, /--seed "x" must be a whole number/);
  t.regex(err, /--users "0" must be a whole number >= 1/);
  t.regex(err, /--duration "long" is not a duration/);
});

test('run without --allow-exec refuses a scenario with a shell hook', async (t) => {
  const { code, err } = await cli('run', fixture('kill-one.yaml'), '--dry-run');
  t.is(code, EXIT.usage);
  t.regex(
    err,
    /kill-one\.yaml:9: faults\[2\]: runs a shell command; allow shell hooks for this run with --allow-exec/,
  );
});

test('--dry-run prints the plan with the victims the seed picks, and touches nothing', async (t) => {
  const a = await cli('run', fixture('kill-one.yaml'), '--dry-run', '--allow-exec', '--seed', '7');
  const b = await cli('run', fixture('kill-one.yaml'), '--dry-run', '--allow-exec', '--seed', '7');
  t.is(a.code, EXIT.pass, a.err);
  t.is(a.out, b.out);
  t.regex(a.out, /dry run of kill-one \(seed 7\): nothing is started/);
  t.regex(a.out, /0:02\.0 -> 0:05\.0 {2}kill-one#1 +kill app -> app-[123]\n/);
  t.regex(a.out, /0:06\.0 -> 0:07\.0 {2}pause#1 +pause app -> app-2\n/);
  t.regex(a.out, /0:10\.0 -> 0:11\.0 {2}pause#2 +pause app -> app-2\n/);
  t.regex(a.out, /0:01\.0 -> 0:02\.0 {2}hook#1 +exec: true -> victims chosen when it starts\n/);
});

test('run against a URL where nothing listens exits 69 with the fix', async (t) => {
  const { code, err } = await cli('run', fixture('typed-scenario.ts'), '--no-dashboard');
  t.is(code, EXIT.environment);
  t.regex(
    err,
    /the target http:\/\/127\.0\.0\.1:9 did not answer .*Start it \(sessionchaos lab up, or your own cluster\) or pass the right URL with --target/,
  );
});

test('a target that answers the preflight and the journey check, then never again, gives verdict unknown and exits 2', async (t) => {
  // A real server on 127.0.0.1 speaking the lab contract until the journey check's last request
  // (the whoami after its logout); every later connection is cut before any answer, as a
  // balancer with no healthy backend might.
  let cut = false;
  let loggedOut = false;
  const server = createServer((req, res) => {
    if (cut) return void res.socket?.destroy();
    const in_ = (req.headers.cookie ?? '').includes('sid=s1');
    if (req.url === '/login' && req.method === 'POST')
      return void res.writeHead(303, { location: '/', 'set-cookie': 'sid=s1; Path=/' }).end();
    if (req.url === '/logout') {
      loggedOut = true;
      return void res.writeHead(303, { location: '/login', 'set-cookie': 'sid=; Max-Age=0; Path=/' }).end();
    }
    if (req.url === '/api/me') {
      if (loggedOut) cut = true;
      return void res.writeHead(in_ ? 200 : 401).end(JSON.stringify({ user: in_ ? 'user-1' : null }));
    }
    if (req.url === '/api/data') return void res.end(JSON.stringify({ value: 1 }));
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const out = mkdtempSync(join(tmpdir(), 'sc-unknown-'));
  const r = await cli('run', fixture('typed-scenario.ts'), '--target', url, '--out', out, '--no-dashboard');
  t.is(r.code, EXIT.unknown, r.err);
  t.regex(r.out, /UNKNOWN: typed/);
  t.regex(r.out, /the target never answered/);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
    verdict: string;
    requests: { total: number; byStatus: Record<string, number> };
  };
  t.is(summary.verdict, 'unknown');
  t.true(summary.requests.total > 0);
  t.deepEqual(Object.keys(summary.requests.byStatus), ['error']);
});

test('report on a directory without a run says what is missing', async (t) => {
  const { code, err } = await cli('report', fixture(''));
  t.is(code, EXIT.usage);
  t.regex(err, /run\.json/);
});
