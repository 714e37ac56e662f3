import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  appBundle,
  haproxyConfig,
  HAPROXY_MONITOR_URI,
  imageModeFromEnv,
  redisCommand,
  resolveLabImages,
} from '@sessionchaos/lab';
import { newRunId } from '@sessionchaos/testkit';

const run = promisify(execFile);

/** The label every container of a test's Compose project carries (with the project's name): only these are ours. */
export const COMPOSE_TEST_LABEL = 'dev.sessionchaos.test-compose';

/** A Compose project a test started: its name, the balancer's URL, and `down` (also on dispose). */
export interface ComposeProject extends AsyncDisposable {
  project: string;
  url: string;
  /** `docker-compose` with this project's name and file. */
  compose(...args: string[]): Promise<string>;
  /** State of each container of a service, by its name (`running`, `exited`, `paused`). */
  states(service: string): Promise<Map<string, string>>;
  down(): Promise<void>;
}

/**
 * The compose file of a small shop: `web` (the lab's app server, 3 replicas, sessions in Redis),
 * `balancer` (HAProxy over the replicas by their container names, each user pinned to one by a
 * cookie, published on a random 127.0.0.1 port) and `redis`, on the images the lab itself resolves (assembled from this machine's
 * binaries when no registry answers). Each replica reports its hostname (Docker's default: its short
 * id) in its node header, as many real apps do.
 */
export function composeFile(o: { project: string; node: string; redis: string; haproxy: string }): string {
  const labels = `    labels: { ${COMPOSE_TEST_LABEL}: ${o.project} }\n`;
  return [
    "version: '2.4'",
    'services:',
    '  web:',
    `    image: ${o.node}`,
    '    scale: 3',
    '    command: [node, /app/entry.cjs]',
    '    environment:',
    '      STRATEGY: redis',
    '      PORT: "3000"',
    '      REDIS_URL: redis://redis:6379',
    `      SESSION_SECRET: ${o.project}-secret`,
    '    volumes: [./lab-app.cjs:/app/lab-app.cjs:ro, ./entry.cjs:/app/entry.cjs:ro]',
    '    depends_on: [redis]',
    labels,
    '  balancer:',
    `    image: ${o.haproxy}`,
    '    command: [haproxy, -W, -db, -f, /etc/shop/haproxy.cfg]',
    '    volumes: [./haproxy.cfg:/etc/shop/haproxy.cfg:ro]',
    '    ports: ["127.0.0.1::8080"]',
    '    depends_on: [web]',
    labels,
    '  redis:',
    `    image: ${o.redis}`,
    `    command: ${JSON.stringify(redisCommand('redis'))}`,
    labels,
  ].join('\n');
}

/** Starts the shop with Debian's docker-compose 1.29 under a unique project name, and waits until it serves. */
export async function startComposeProject(): Promise<ComposeProject> {
  const project = newRunId('sc-compose');
  const dir = await mkdtemp(join(tmpdir(), `${project}-`));
  const file = join(dir, 'docker-compose.yml');
  const images = await resolveLabImages(imageModeFromEnv());
  await writeFile(join(dir, 'lab-app.cjs'), await appBundle());
  await writeFile(
    join(dir, 'entry.cjs'),
    "process.env.NODE_NAME = require('node:os').hostname();\nrequire('/app/lab-app.cjs');\n",
  );
  const nodes = [1, 2, 3].map((n) => `${project}_web_${n}`);
  const health = { interMs: 500, fall: 2, rise: 1 };
  await writeFile(
    join(dir, 'haproxy.cfg'),
    haproxyConfig({ nodes, appPort: 3000, listenPort: 8080, sticky: 'cookie', health }),
  );
  await writeFile(file, composeFile({ project, ...images }));
  const compose = async (...args: string[]): Promise<string> =>
    (await run('docker-compose', ['-p', project, '-f', file, ...args], { maxBuffer: 1 << 24 })).stdout;
  const down = async (): Promise<void> => {
    await compose('down', '-v', '--timeout', '1').catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  const states = async (service: string): Promise<Map<string, string>> => {
    const { stdout } = await run('docker', [
      'ps',
      '-a',
      '--filter',
      `label=${COMPOSE_TEST_LABEL}=${project}`,
      '--filter',
      `label=com.docker.compose.service=${service}`,
      '--format',
      '{{.Names}} {{.State}}',
    ]);
    return new Map(
      stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ') as [string, string]),
    );
  };
  try {
    await compose('up', '-d');
    const port = (await compose('port', 'balancer', '8080')).trim().split(':').pop();
    const url = `http://127.0.0.1:${port}`;
    await waitServing(url, nodes.length);
    return { project, url, compose, states, down, [Symbol.asyncDispose]: down };
  } catch (error) {
    const logs = await compose('logs', '--tail', '20').catch(() => '');
    await down();
    throw new Error(`could not start the Compose project ${project}: ${String(error)}\n${logs}`);
  }
}

/** Waits until the balancer answers and every replica is ready (its Redis connected), for at most 60 s. */
async function waitServing(url: string, replicas: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  const seen = new Set<string>();
  while (Date.now() < deadline) {
    const monitor = await fetch(`${url}${HAPROXY_MONITOR_URI}`).catch(() => undefined);
    if (monitor?.status === 200) {
      const ready = await fetch(`${url}/readyz`).catch(() => undefined);
      const node = ready?.headers.get('x-served-by');
      if (ready?.status === 200 && node) seen.add(node);
      if (seen.size >= replicas) return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `the balancer at ${url} did not reach ${replicas} ready replicas in 60 s (saw ${[...seen].join(', ')})`,
  );
}
