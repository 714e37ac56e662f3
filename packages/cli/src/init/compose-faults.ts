import { containerIsNode } from '@sessionchaos/core';
import { listComposeContainers, type ComposeContainer } from '@sessionchaos/faults';
import type { Discovery } from './discovery.ts';

/** The Compose service `init` found behind a URL: the app's replicas, and how that was seen. */
export interface ComposeGuess {
  project: string;
  service: string;
  replicas: number;
  /** Services of the project that look like a session store (Redis, Valkey, Memcached), by name or image. */
  stores: string[];
  /** Why this service: for the scenario's comment. */
  how: string;
}

const STORE = /redis|valkey|keydb|memcached/i;

/** Replicas per service of one project. */
function replicasOf(containers: readonly ComposeContainer[], project: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of containers) if (c.project === project) out.set(c.service, (out.get(c.service) ?? 0) + 1);
  return out;
}

/**
 * Which Compose service holds the app's nodes: the one whose containers the node header names (by
 * hostname, container name or id), else, when a container publishes the URL's port, its service if
 * it has several replicas, or the project's service with the most replicas behind it (a balancer in
 * front). Undefined when nothing ties the URL to a project.
 */
export function guessComposeService(
  containers: readonly ComposeContainer[],
  nodes: readonly string[],
  port: number | undefined,
): ComposeGuess | undefined {
  let project: string | undefined;
  let service: string | undefined;
  let how = '';
  const named = containers.filter((c) =>
    nodes.some((n) => c.hostname === n || containerIsNode({ name: c.name, id: c.id }, n)),
  );
  if (named.length > 0) {
    const votes = new Map<string, number>();
    for (const c of named)
      votes.set(`${c.project}\n${c.service}`, (votes.get(`${c.project}\n${c.service}`) ?? 0) + 1);
    const [best] = [...votes].sort((a, b) => b[1] - a[1]);
    [project, service] = best![0].split('\n') as [string, string];
    how = `the node header names ${best![1]} of its containers`;
  } else if (port !== undefined) {
    const front = containers.find((c) => c.publishedPorts.includes(port));
    if (!front) return undefined;
    project = front.project;
    const replicas = replicasOf(containers, project);
    if ((replicas.get(front.service) ?? 0) > 1) {
      service = front.service;
      how = `port ${port} is published by ${front.name}, one of its replicas`;
    } else {
      const behind = [...replicas]
        .filter(([s, n]) => s !== front.service && n > 1 && !STORE.test(s))
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
      if (!behind) return undefined;
      service = behind[0];
      how = `port ${port} is published by ${front.name} (service ${front.service}), in front of its replicas`;
    }
  }
  if (project === undefined || service === undefined) return undefined;
  const replicas = replicasOf(containers, project);
  const stores = [...replicas.keys()].filter(
    (s) =>
      s !== service &&
      containers.some(
        (c) => c.project === project && c.service === s && (STORE.test(s) || STORE.test(c.image)),
      ),
  );
  return { project, service, replicas: replicas.get(service) ?? 0, stores: stores.sort(), how };
}

/** Names the node header gives on a few requests to the URL (round robin shows several). */
async function nodeNames(url: string, header: string): Promise<string[]> {
  const seen = new Set<string>();
  for (let i = 0; i < 6; i++) {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) }).catch(
      () => undefined,
    );
    const name = res?.headers.get(header);
    if (name) seen.add(name);
    await res?.body?.cancel();
  }
  return [...seen];
}

/**
 * Whether the target's nodes are containers of a Compose project on the local engine: by the
 * names the node header gives, or by the container publishing the URL's port (a local URL). No
 * engine, no project: undefined, and `init` writes its scenario without faults.
 */
export async function findComposeTarget(
  url: string,
  node: Discovery['node'],
): Promise<ComposeGuess | undefined> {
  const containers = await listComposeContainers();
  if (containers.length === 0) return undefined;
  const u = new URL(url);
  const local = ['127.0.0.1', 'localhost', '[::1]', '0.0.0.0'].includes(u.hostname);
  const port = local ? Number(u.port || (u.protocol === 'https:' ? 443 : 80)) : undefined;
  const nodes = node && 'header' in node ? await nodeNames(url, node.header) : [];
  return guessComposeService(containers, nodes, port);
}

/**
 * The scenario with the faults of a Compose project in place of the commented template: the
 * busiest replica of the app service killed (then started again), and, commented, a store paused
 * and a replica cut from its peers.
 */
export function withComposeFaults(scenario: string, g: ComposeGuess): string {
  const target = `{ compose: { project: ${g.project}, service: ${g.service} } }`;
  const block = [
    `# The nodes are the ${g.replicas} replicas of service ${g.service} of the Docker Compose project ${g.project}`,
    `# (${g.how}). Faults act on them through the engine, each confirmed, journaled and healed`,
    '# (`sessionchaos heal` after a crash). They are containers sessionchaos did not start: run with',
    '# --allow-external. select: busiest, one, all, {percent: N} or {name: <service>-<number>}.',
    'faults:',
    `  - { id: kill-busiest, action: kill, target: ${target}, select: busiest, at: 10s, duration: 10s }`,
    ...g.stores.map(
      (s) =>
        `#  - { id: pause-${s}, action: pause, target: { compose: { project: ${g.project}, service: ${s} } }, at: 22s, duration: 3s }`,
    ),
    `#  - { id: cut-peers, action: partition, target: ${target}, at: 22s, duration: 5s, params: { from: peers } }`,
    '',
  ].join('\n');
  const template = /^# faults:\n(?:#\s.*\n)*/m;
  if (template.test(scenario)) return scenario.replace(template, block);
  if (/^gate:/m.test(scenario)) return scenario.replace(/^gate:/m, `${block}gate:`);
  return `${scenario}${block}`;
}
