// Locust, the Python peer that also keeps a cookie session per user: installed on demand (pip,
// then Debian's python3-locust when root), run headless against the bench target with the
// journey's shape (log in, who am I, write), with its HttpUser (requests, the client Locust users
// write) or its FastHttpUser (geventhttpclient). Its rate and CPU are read from inside it, over the
// part of the run after every user was spawned: Locust's start-up (imports, gevent) is left out.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerResult } from './peers.ts';

const HOW_TO =
  'pip install locust (PyPI), or apt-get install -y python3-locust (Debian, root), then run the bench again';

/** A Python that imports locust, or undefined. */
function pythonWithLocust(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import locust'], { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) return py;
  }
  return undefined;
}

/** Installs Locust as Artillery is installed from npm: pip first, then apt when root. */
function installLocust(): { python?: string; tried: string[] } {
  const tried: string[] = [];
  let python = pythonWithLocust();
  if (python) return { python, tried };
  const pip = spawnSync(
    '/usr/bin/python3',
    ['-m', 'pip', 'install', '--user', '--quiet', '--timeout', '10', '--retries', '0', 'locust'],
    { encoding: 'utf8', timeout: 240_000 },
  );
  tried.push(`pip install locust: exit ${pip.status ?? pip.error?.message}`);
  python = pythonWithLocust();
  if (python) return { python, tried };
  if (process.getuid?.() === 0) {
    const apt = spawnSync('apt-get', ['install', '-y', 'python3-locust'], {
      encoding: 'utf8',
      timeout: 600_000,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    tried.push(`apt-get install -y python3-locust: exit ${apt.status ?? apt.error?.message}`);
    python = pythonWithLocust();
  } else tried.push('apt-get not tried (not root)');
  return { python, tried };
}

let installed: { python?: string; tried: string[] } | undefined;

/** The locustfile: the journey per iteration, and a listener that measures the steady part. */
function locustfile(user: 'HttpUser' | 'FastHttpUser', out: string): string {
  return `import json, time
from locust import ${user}, task, constant, events

state = {"requests": 0, "t0": None, "cpu0": 0.0, "n0": 0}

@events.request.add_listener
def on_request(**kwargs):
    state["requests"] += 1

@events.spawning_complete.add_listener
def on_spawned(**kwargs):
    state["t0"] = time.perf_counter()
    state["cpu0"] = time.process_time()
    state["n0"] = state["requests"]

@events.test_stop.add_listener
def on_stop(**kwargs):
    if state["t0"] is None:
        return
    with open(${JSON.stringify(out)}, "w") as f:
        json.dump({
            "requests": state["requests"] - state["n0"],
            "seconds": time.perf_counter() - state["t0"],
            "cpuSeconds": time.process_time() - state["cpu0"],
            "failures": 0,
        }, f)

class Journey(${user}):
    wait_time = constant(0)

    @task
    def journey(self):
        self.client.post("/login", data={"user": "bench", "password": "bench"})
        self.client.get("/api/me")
        self.client.post("/data", json={"value": 1})
`;
}

/**
 * Locust with `users` users (all spawned in the first second, each with its own cookie session),
 * for `seconds`, walking log in, who am I, write; `user` picks its client.
 */
export function runLocust(
  url: string,
  users: number,
  seconds: number,
  user: 'HttpUser' | 'FastHttpUser',
): PeerResult {
  installed ??= installLocust();
  const python = installed.python;
  if (!python) return { skipped: `locust: not installed (${installed.tried.join('; ')}). ${HOW_TO}` };
  const dir = mkdtempSync(join(tmpdir(), 'sc-locust-'));
  try {
    const out = join(dir, 'steady.json');
    writeFileSync(join(dir, 'locustfile.py'), locustfile(user, out));
    const r = spawnSync(
      python,
      [
        '-m',
        'locust',
        '-f',
        join(dir, 'locustfile.py'),
        '--headless',
        '--only-summary',
        '-u',
        String(users),
        '-r',
        String(users),
        '-t',
        `${Math.max(2, Math.round(seconds + 1))}s`,
        '--host',
        url.replace(/\/$/, ''),
        '--loglevel',
        'ERROR',
      ],
      { cwd: dir, encoding: 'utf8', timeout: (seconds + 60) * 1000 },
    );
    if (!existsSync(out))
      return { skipped: `Locust run failed (exit ${r.status}): ${(r.stderr || r.stdout).slice(-300)}` };
    const s = JSON.parse(readFileSync(out, 'utf8')) as {
      requests: number;
      seconds: number;
      cpuSeconds: number;
    };
    return {
      rps: s.requests / s.seconds,
      requests: s.requests,
      note: `${users} users (${user}, a cookie session each), log in + who am I + write, one process`,
      cpuUs: Math.round(s.cpuSeconds * 1e6),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
