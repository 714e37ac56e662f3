import { FaultError } from '../fault-driver.ts';
import { confirmDisconnected } from '../confirm-effect.ts';
import { partitionPeers } from '../compose-peers.ts';
import type { EngineFaultAction, EngineFaultContext } from './engine-action.ts';
import { insertRules } from './iptables-rules.ts';

/** The iptables rules (without the -I/-D/-C verb) that cut these TCP ports both ways. */
function portRules(ports: readonly number[]): string[][] {
  return ports.flatMap((port) =>
    (
      [
        ['INPUT', '--dport'],
        ['OUTPUT', '--dport'],
        ['INPUT', '--sport'],
        ['OUTPUT', '--sport'],
      ] as const
    ).map(([chain, dir]) => [chain, '-p', 'tcp', dir, String(port), '-j', 'DROP']),
  );
}

/** The iptables rules (without the verb) that cut these addresses, both ways. */
function addressRules(addresses: readonly string[]): string[][] {
  return addresses.flatMap((ip) => [
    ['INPUT', '-s', ip, '-j', 'DROP'],
    ['OUTPUT', '-d', ip, '-j', 'DROP'],
  ]);
}

/** Disconnects the victim from every user-defined network (each reconnect journaled first), and confirms it. */
async function cutNetworks({
  engine,
  container,
  containerId,
  name,
  journal,
}: EngineFaultContext): Promise<string> {
  const info = await container.inspect();
  const networks = Object.entries(info.NetworkSettings.Networks ?? {}).filter(
    ([net]) => !['bridge', 'host', 'none'].includes(net),
  );
  if (networks.length === 0) throw new FaultError(`${name} is on no user-defined network to cut it from`);
  for (const [, endpoint] of networks) {
    // Docker adds the short container id as an alias; it comes back by itself on reconnect.
    const aliases = ((endpoint.Aliases ?? []) as string[]).filter((a) => !info.Id.startsWith(a));
    await journal({ kind: 'connect', containerId, name, networkId: endpoint.NetworkID, aliases });
    await engine.getNetwork(endpoint.NetworkID).disconnect({ Container: containerId, Force: true });
  }
  await confirmDisconnected(container, name, new Map(networks.map(([net, e]) => [net, e.NetworkID])));
  return `${name} cut from ${networks.map(([net]) => net).join(', ')}`;
}

/**
 * `partition`: from some peers (a Compose `params.from`: iptables on their addresses), on some ports (iptables),
 * or from every user-defined network (disconnected); healed by deleting the rules or reconnecting.
 */
export const partition: EngineFaultAction = {
  name: 'partition',
  undo: ['nsenter', 'connect'],
  async apply(c) {
    const { params, target, name } = c;
    if (params.from && target.compose) {
      const peers = await partitionPeers(c.engine, target.compose, c.containerId, params.from);
      // Only from these containers: its other traffic (the balancer's, its users') still flows.
      await insertRules(c, addressRules(peers.addresses));
      return {
        detail: `${name} cut from ${peers.what} (${peers.addresses.join(', ')}; both ways; other traffic flows)`,
      };
    }
    if (params.ports) {
      // Only these ports, both ways: the rest of the network (the balancer's traffic) still flows.
      await insertRules(c, portRules(params.ports));
      return {
        detail: `${name} cut on TCP ports ${params.ports.join(', ')} (both ways; other traffic flows)`,
      };
    }
    return { detail: await cutNetworks(c) };
  },
};
