import { spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, realApp, userNames, PASSWORD, type RealApp, type RealAppOptions } from './real-app.ts';
import {
  CATALINA_PROPERTIES_EXTRA,
  TOMCAT_LOGGING_PROPERTIES,
  serverXml,
  tomcatJavaArgs,
  tomcatUsersXml,
  tomcatWebappDir,
} from '@sessionchaos/lab';

/** Where Debian's `tomcat10` package puts Tomcat (CATALINA_HOME) and its pristine default configuration. */
export const CATALINA_HOME = '/usr/share/tomcat10';
const PACKAGE_CONF = join(CATALINA_HOME, 'etc');
/** The context path the webapp is deployed at. */
const CONTEXT = 'app';

/** Options of {@link startTomcatForm}. */
export interface TomcatFormOptions extends RealAppOptions {
  /** How long to wait for the first page to answer (start-up takes 7-31 s on a busy machine). */
  startTimeoutMs?: number;
}

function makeBase(httpPort: number, shutdownPort: number): string {
  const base = mkdtempSync(join(tmpdir(), 'sessionchaos-tomcat-'));
  for (const dir of ['conf', 'logs', 'temp', 'work', 'webapps']) mkdirSync(join(base, dir));
  for (const file of ['web.xml', 'context.xml', 'catalina.properties']) {
    copyFileSync(join(PACKAGE_CONF, file), join(base, 'conf', file));
  }
  appendFileSync(join(base, 'conf', 'catalina.properties'), CATALINA_PROPERTIES_EXTRA);
  writeFileSync(
    join(base, 'conf', 'server.xml'),
    serverXml({ address: '127.0.0.1', httpPort, shutdownPort, shutdownCommand: randomUUID() }),
  );
  writeFileSync(join(base, 'conf', 'tomcat-users.xml'), tomcatUsersXml(userNames()));
  writeFileSync(join(base, 'conf', 'logging.properties'), TOMCAT_LOGGING_PROPERTIES);
  // The lab's webapp, the same files its tomcat strategy deploys.
  cpSync(tomcatWebappDir(), join(base, 'webapps', CONTEXT), { recursive: true });
  return base;
}

function spawnTomcat(base: string): ChildProcess {
  const log = openSync(join(base, 'logs', 'console.log'), 'a');
  // java itself, not catalina.sh: the pid we hold is the JVM's, so close() can end exactly it.
  const child = spawn('java', tomcatJavaArgs(CATALINA_HOME, base), {
    cwd: base,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  return child;
}

async function waitReady(url: string, child: ChildProcess, base: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const why = (reason: string): Error => {
    let log = '';
    try {
      log = readFileSync(join(base, 'logs', 'console.log'), 'utf8')
        .split('\n')
        .slice(-20)
        .join('\n');
    } catch {
      // no log yet
    }
    return new Error(`could not start Tomcat - ${reason}. Last lines of its log:\n${log}`);
  };
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw why(`the JVM exited (${child.exitCode ?? child.signalCode})`);
    try {
      const res = await fetch(`${url}/login.jsp`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw why(`${url}/login.jsp did not answer 200 within ${timeoutMs} ms`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM'); // the JVM's shutdown hook stops Tomcat cleanly
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts Apache Tomcat 10.1 (Debian's `tomcat10`) as a local JVM with its own CATALINA_BASE in a
 * temp dir, serving a webapp whose login is Tomcat's FORM authentication (`j_security_check`)
 * against a UserDatabase realm of user-1 ... user-500 (password `secret`). Needs `tomcat10` and
 * `default-jre-headless` (scripts/setup.sh installs them).
 */
export async function startTomcatForm(options: TomcatFormOptions = {}): Promise<RealApp> {
  const httpPort = options.port || (await freePort());
  const base = makeBase(httpPort, await freePort());
  const url = `http://127.0.0.1:${httpPort}/${CONTEXT}`;
  const child = spawnTomcat(base);
  const close = async (): Promise<void> => {
    await stop(child);
    rmSync(base, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, base, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await close();
    throw error;
  }
  return realApp({
    name: 'tomcat-form',
    url,
    allowedOrigins: [],
    credentials: { username: 'user-{{vu}}', password: PASSWORD },
    close,
  });
}
