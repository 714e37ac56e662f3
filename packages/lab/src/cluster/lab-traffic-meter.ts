import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { labRuntime } from './lab-docker.ts';
import type { StartedLabCluster } from './started-lab-cluster.ts';

const run = promisify(execFile);

/** The iptables chain the meter counts in, inside each app node's network namespace. */
export const METER_CHAIN = 'sessionchaos-meter';

/** Bytes the app nodes exchanged since the meter was armed (IP packets, headers included). */
export interface LabTraffic {
  /** Sent by an app node to another app node: session replication, and the cluster's own heartbeats. */
  betweenNodes: number;
  /** Between the app nodes and the session store's containers (Redis, Sentinel, Memcached), both ways. */
  withStore: number;
}

/** Counting rules armed in a lab: read them, then disarm them. */
export interface TrafficMeter {
  read(): Promise<LabTraffic>;
  /** Removes the rules (a container gone or restarted meanwhile took its rules with it). */
  disarm(): Promise<void>;
}

/** Why the meter cannot run here, or undefined when it can (root, nsenter, iptables, a local engine). */
export function trafficMeterUnavailable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (process.getuid?.() !== 0)
    return 'counting bytes between containers needs root (iptables in their namespaces)';
  if (!existsSync('/usr/bin/nsenter')) return 'counting bytes between containers needs nsenter (util-linux)';
  const host = env['DOCKER_HOST'];
  if (host && !host.startsWith('unix://'))
    return `counting bytes needs a local engine; DOCKER_HOST is ${host}`;
  return undefined;
}

const nsenter = async (pid: number, argv: string[]): Promise<string> =>
  (await run('nsenter', ['-t', String(pid), '-n', ...argv], { timeout: 10_000 })).stdout;

/** Sums the byte counters of the chain's rules by destination or source address: `iptables -nvxL` output. */
export function parseMeterCounters(listing: string): { to: Map<string, number>; from: Map<string, number> } {
  const to = new Map<string, number>();
  const from = new Map<string, number>();
  for (const line of listing.split('\n')) {
    // pkts bytes target prot opt in out source destination
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || !/^\d+$/.test(f[0] ?? '') || !/^\d+$/.test(f[1] ?? '')) continue;
    const bytes = Number(f[1]);
    const [source, destination] = f.slice(-2) as [string, string];
    if (destination !== '0.0.0.0/0') to.set(destination, (to.get(destination) ?? 0) + bytes);
    else if (source !== '0.0.0.0/0') from.set(source, (from.get(source) ?? 0) + bytes);
  }
  return { to, from };
}

/**
 * Arms byte counters in each app node's network namespace (an iptables chain with one rule per other app node
 * and per store container, no verdict: packets only pass through): what a node sends to its peers is
 * replication, what it exchanges with the store is store traffic. The balancer's traffic is not counted.
 * Needs what {@link trafficMeterUnavailable} checks.
 */
export async function armTrafficMeter(lab: StartedLabCluster): Promise<TrafficMeter> {
  const why = trafficMeterUnavailable();
  if (why) throw new Error(why);
  const docker = (await labRuntime()).container.dockerode;
  const containers = await Promise.all(
    lab
      .containers()
      .filter((c) => c.role !== 'balancer')
      .map(async (c) => {
        const info = await docker.getContainer(c.id).inspect();
        const ip = info.NetworkSettings.Networks?.[lab.network.name]?.IPAddress;
        if (!ip) throw new Error(`${c.name} has no address on the lab network ${lab.network.name}`);
        return { ...c, ip, pid: info.State.Pid };
      }),
  );
  const apps = containers.filter((c) => c.role === 'app');
  const storeIps = new Set(containers.filter((c) => c.role !== 'app').map((c) => c.ip));
  const peerIps = new Set(apps.map((c) => c.ip));
  for (const node of apps) {
    const rules = [
      ['-N', METER_CHAIN],
      ['-I', 'OUTPUT', '-j', METER_CHAIN],
      ['-I', 'INPUT', '-j', METER_CHAIN],
      ...apps.filter((p) => p !== node).map((p) => ['-A', METER_CHAIN, '-d', p.ip]),
      ...[...storeIps].flatMap((ip) => [
        ['-A', METER_CHAIN, '-d', ip],
        ['-A', METER_CHAIN, '-s', ip],
      ]),
    ];
    for (const rule of rules) await nsenter(node.pid, ['iptables', ...rule]);
  }
  return {
    async read() {
      let betweenNodes = 0;
      let withStore = 0;
      for (const node of apps) {
        const { to, from } = parseMeterCounters(await nsenter(node.pid, ['iptables', '-nvxL', METER_CHAIN]));
        for (const [ip, bytes] of to) {
          if (peerIps.has(ip)) betweenNodes += bytes;
          else if (storeIps.has(ip)) withStore += bytes;
        }
        for (const [ip, bytes] of from) if (storeIps.has(ip)) withStore += bytes;
      }
      return { betweenNodes, withStore };
    },
    async disarm() {
      for (const node of apps)
        for (const rule of [
          ['-D', 'OUTPUT', '-j', METER_CHAIN],
          ['-D', 'INPUT', '-j', METER_CHAIN],
          ['-F', METER_CHAIN],
          ['-X', METER_CHAIN],
        ])
          await nsenter(node.pid, ['iptables', ...rule]).catch(() => undefined);
    },
  };
}
