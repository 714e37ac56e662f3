import type Dockerode from 'dockerode';
import type { FaultAction } from '@sessionchaos/core';
import { FaultError, type InjectRequest, type UndoStep, type Victim } from './fault-driver.ts';
import { nsenter } from './netns.ts';
import type { PartitionPeers } from './compose-peers.ts';
import {
  confirmDelay,
  confirmDisconnected,
  confirmPaused,
  confirmRestarted,
  confirmRules,
  startedAt,
} from './confirm-effect.ts';

/** A fault's parameters, as the scenario gives them. */
type Params = NonNullable<InjectRequest['spec']['params']>;

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

/** The iptables rules (without the verb) that drop `lossPercent` of packets at random, both ways. */
function lossRules(lossPercent: number): string[][] {
  const probability = String(lossPercent / 100);
  return ['INPUT', 'OUTPUT'].map((chain) => [
    chain,
    '-m',
    'statistic',
    '--mode',
    'random',
    '--probability',
    probability,
    '-j',
    'DROP',
  ]);
}

/**
 * The faults the docker driver leaves to the engine or the kernel (restart, pause, partition, loss,
 * latency), each applied (its undo journaled first) and then confirmed by looking at the victim
 * (confirm-effect.ts): the engine's or iptables' "done" is no evidence that the effect holds.
 * `peers`: a partition cuts the victim only from these addresses (a Compose `params.from`).
 * Returns the line that describes the fault.
 */
export async function applyEngineFault(
  engine: Dockerode,
  action: FaultAction,
  { containerId, name }: Pick<Required<Victim>, 'containerId' | 'name'>,
  params: Params,
  journal: (step: UndoStep) => Promise<void>,
  peers?: PartitionPeers,
): Promise<string> {
  const container = engine.getContainer(containerId);
  const run = (argv: string[]): Promise<string> => nsenter(engine, containerId, argv);
  const insert = async (rules: string[][]): Promise<void> => {
    for (const rule of rules) {
      await journal({ kind: 'nsenter', containerId, name, argv: ['iptables', '-D', ...rule] });
      await run(['iptables', '-I', ...rule]);
    }
    await confirmRules(run, name, rules);
  };
  switch (action) {
    case 'restart': {
      const before = await startedAt(container);
      await container.restart({ t: params.graceSeconds ?? 10 });
      await confirmRestarted(container, name, before);
      return `${name} restarted`;
    }
    case 'pause':
      await journal({ kind: 'unpause', containerId, name });
      await container.pause();
      await confirmPaused(container, name);
      return `${name} paused (frozen)`;
    case 'partition': {
      if (peers) {
        // Only from these containers: its other traffic (the balancer's, its users') still flows.
        await insert(addressRules(peers.addresses));
        return `${name} cut from ${peers.what} (${peers.addresses.join(', ')}; both ways; other traffic flows)`;
      }
      if (params.ports) {
        // Only these ports, both ways: the rest of the network (the balancer's traffic) still flows.
        await insert(portRules(params.ports));
        return `${name} cut on TCP ports ${params.ports.join(', ')} (both ways; other traffic flows)`;
      }
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
    case 'loss':
      await insert(lossRules(params.lossPercent ?? 0));
      return `${name} drops ${params.lossPercent}% of packets both ways`;
    case 'latency': {
      const latencyMs = params.latencyMs ?? 0;
      await journal({
        kind: 'nsenter',
        containerId,
        name,
        argv: ['tc', 'qdisc', 'del', 'dev', 'eth0', 'root'],
      });
      await run(['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'netem', 'delay', `${latencyMs}ms`]);
      await confirmDelay(run, name, latencyMs);
      return `${name} delays its packets by ${latencyMs}ms`;
    }
    default:
      throw new FaultError(`the docker driver cannot ${action} by the engine`);
  }
}
