import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort, realApp, PASSWORD, USER_COUNT, type RealApp, type RealAppOptions } from './real-app.ts';

const PROJECT = join(import.meta.dirname, 'django');
// Debian's python3-django goes with Debian's python, not a pyenv one found first on PATH.
const PYTHON = '/usr/bin/python3';

/** Runs `manage.py ARGS` to the end (migrate, seed_users). */
async function manage(env: NodeJS.ProcessEnv, ...args: string[]): Promise<void> {
  await promisify(execFile)(PYTHON, ['manage.py', ...args], { cwd: PROJECT, env, timeout: 60_000 });
}

async function waitReady(url: string, child: ChildProcess, log: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  const tail = readFileSync(log, 'utf8').split('\n').slice(-20).join('\n');
  throw new Error(
    `could not start the Django site at ${url} (is python3-django installed?). Its log:\n${tail}`,
  );
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts a small Django 3.2 site (Debian's python3-django, `test/real-apps/django/`) on 127.0.0.1:
 * django.contrib.auth's own LoginView at `/accounts/login/` (CSRF token in a hidden field and a
 * cookie, `sessionid` in the database), linked from the home page's "Sign in"; the login lands on
 * `/accounts/profile/`, which names the user in words; the home page shows a logout form once
 * logged in. SQLite in a temp dir; users user-1 ... user-500 (password `secret`) made by a
 * management command after `migrate`.
 */
export async function startDjango(options: RealAppOptions = {}): Promise<RealApp> {
  const dir = mkdtempSync(join(tmpdir(), 'sc-django-'));
  const env = { ...process.env, SC_DJANGO_DIR: dir, PYTHONDONTWRITEBYTECODE: '1' };
  const port = options.port || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(dir, 'server.log');
  let child: ChildProcess | undefined;
  const close = async (): Promise<void> => {
    if (child) await stop(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await manage(env, 'migrate', '--noinput', '-v0');
    await manage(env, 'seed_users', '--count', String(USER_COUNT), '--password', PASSWORD);
    const log = openSync(logFile, 'a');
    // Django's own threaded server, without the autoreloader: the pid held is the server's.
    child = spawn(PYTHON, ['manage.py', 'runserver', `127.0.0.1:${port}`, '--noreload'], {
      cwd: PROJECT,
      env,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    await waitReady(url, child, logFile, 30_000);
  } catch (error) {
    await close();
    throw error;
  }
  return realApp({
    name: 'django',
    url,
    allowedOrigins: [],
    credentials: { username: 'user-{{vu}}', password: PASSWORD },
    close,
  });
}
