// The peers of the traffic bench, each against the same target with the same connection count
// and duration: autocannon (no cookies), wrk (no cookies, if on PATH), Artillery (cookie jars,
// installed on demand outside the workspace).
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** A peer's figure, or why it was skipped. */
export type PeerResult =
  | {
      rps: number;
      requests: number;
      note: string;
      /** CPU time (µs) the peer spent on these requests, when it can be measured. */ cpuUs?: number;
    }
  | { skipped: string };

/** autocannon with `connections` connections for `seconds`. */
export async function runAutocannon(url: string, connections: number, seconds: number): Promise<PeerResult> {
  const cpu0 = process.cpuUsage();
  const r = await autocannon({ url, connections, duration: seconds });
  const cpu = process.cpuUsage(cpu0);
  const cpuUs = cpu.user + cpu.system;
  return { rps: r.requests.total / r.duration, requests: r.requests.total, note: 'no cookies', cpuUs };
}

/** Seconds in bash's `times` notation (`1m2.345s`). */
function timesSeconds(text: string): number {
  const m = /(\d+)m([\d.]+)s/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
}

/**
 * wrk, one thread, a plain GET with no Lua script (as autocannon's), if it is on PATH. It runs
 * under bash so that bash's `times` reports its CPU (user + system), which this process cannot
 * see: wrk's CPU per request is then comparable with ours.
 */
export function runWrk(url: string, connections: number, seconds: number): PeerResult {
  const r = spawnSync(
    'bash',
    [
      '-c',
      'wrk "$@" || exit $?; times',
      'wrk',
      '-t1',
      `-c${connections}`,
      `-d${Math.max(1, Math.round(seconds))}s`,
      url,
    ],
    { encoding: 'utf8', timeout: (seconds + 30) * 1000 },
  );
  if (r.error || r.status === 127) return { skipped: 'wrk is not on PATH (scripts/setup.sh installs it)' };
  if (r.status !== 0)
    return { skipped: `wrk failed (exit ${r.status}): ${(r.stderr || r.stdout).slice(0, 200)}` };
  const m = /Requests\/sec:\s+([\d.]+)/.exec(r.stdout);
  const total = /(\d+) requests in/.exec(r.stdout);
  if (!m) return { skipped: `wrk printed no Requests/sec: ${r.stdout.slice(0, 200)}` };
  // The last line of `times`: the children's (wrk's) user and system time.
  const children = r.stdout.trim().split('\n').at(-1) ?? '';
  const [user, system] = children.split(' ').map(timesSeconds);
  const cpuUs = Number.isFinite(user! + system!) ? Math.round((user! + system!) * 1e6) : undefined;
  return {
    rps: Number(m[1]),
    requests: Number(total?.[1] ?? 0),
    note: '1 thread, no cookies',
    ...(cpuUs !== undefined && { cpuUs }),
  };
}

const PEERS_DIR = join(homedir(), '.cache', 'sessionchaos', 'peers');

function artilleryBin(): string | undefined {
  const bin = join(PEERS_DIR, 'node_modules', '.bin', 'artillery');
  if (existsSync(bin)) return bin;
  mkdirSync(PEERS_DIR, { recursive: true });
  // --ignore-scripts: one of its dependencies downloads a browser at install.
  const r = spawnSync(
    'npm',
    ['install', '--prefix', PEERS_DIR, 'artillery', '--ignore-scripts', '--no-audit', '--no-fund'],
    {
      encoding: 'utf8',
      timeout: 240_000,
    },
  );
  return r.status === 0 && existsSync(bin) ? bin : undefined;
}

/**
 * Artillery: `connections` VUs arrive in the first second, each with its own cookie jar, and loop
 * the journey's shape (log in, who am I, write) until the deadline; its rate is its request count
 * over the duration.
 */
export function runArtillery(url: string, connections: number, seconds: number): PeerResult {
  const bin = artilleryBin();
  if (!bin)
    return { skipped: `Artillery could not be installed into ${PEERS_DIR} (npm install artillery failed)` };
  const dir = mkdtempSync(join(tmpdir(), 'sc-artillery-'));
  try {
    writeFileSync(
      join(dir, 'proc.cjs'),
      `const deadline = Date.now() + ${seconds * 1000};\n` +
        'module.exports = { running(context, next) { return next(Date.now() < deadline); } };\n',
    );
    writeFileSync(
      join(dir, 'bench.yml'),
      [
        'config:',
        `  target: "${url}"`,
        '  processor: "./proc.cjs"',
        '  phases:',
        `    - duration: 1`,
        `      arrivalCount: ${connections}`,
        'scenarios:',
        '  - flow:',
        '      - loop:',
        '          - post:',
        '              url: "/login"',
        '              form: { user: "bench", password: "bench" }',
        '          - get:',
        '              url: "/api/me"',
        '          - post:',
        '              url: "/data"',
        '              json: { value: 1 }',
        '        whileTrue: "running"',
        '',
      ].join('\n'),
    );
    const r = spawnSync(bin, ['run', '--output', join(dir, 'report.json'), join(dir, 'bench.yml')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: (seconds + 60) * 1000,
      env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true' },
    });
    if (!existsSync(join(dir, 'report.json'))) {
      return { skipped: `Artillery run failed (exit ${r.status}): ${(r.stderr || r.stdout).slice(-300)}` };
    }
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
      aggregate: { counters: Record<string, number> };
    };
    const requests = report.aggregate.counters['http.requests'] ?? 0;
    return {
      rps: requests / seconds,
      requests,
      note: `${connections} VUs with cookie jars, log in + who am I + write`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
