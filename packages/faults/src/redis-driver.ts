import { Redis } from 'ioredis';
import type Dockerode from 'dockerode';
import { runtime } from './runtime.ts';
import type { FaultAction } from '@sessionchaos/core';
import { DockerDriver } from './docker-driver.ts';
import { confirmEffect } from './confirm-effect.ts';
import {
  FaultError,
  type FaultDriver,
  type InjectRequest,
  type Injection,
  type UndoStep,
} from './fault-driver.ts';

/** A Redis server or Sentinel, by its name on the cluster's network and its container. */
export interface RedisServerRef {
  name: string;
  containerId: string;
}

/** The Redis side of a cluster, as the lab describes it (RedisTopology is structurally one). */
export interface RedisTarget {
  masterName: string;
  /** The servers (primary and replicas; which one is primary changes with failovers). */
  servers: RedisServerRef[];
  sentinels: RedisServerRef[];
}

const DEFAULT_ELECTION_TIMEOUT_MS = 30_000;

/**
 * Faults on a Redis store through ioredis: finds the current primary (Sentinel, else INFO
 * replication), then kills it, asks Sentinel to fail over, or stalls it (CLIENT PAUSE, DEBUG SLEEP),
 * and records when a new primary was elected and which. Talks to each server on its port published
 * on 127.0.0.1, read from the engine at each call (ports change when a container restarts).
 */
export class RedisDriver implements FaultDriver {
  readonly name = 'redis';
  readonly actions: readonly FaultAction[] = ['failover'];
  readonly #target: RedisTarget;
  readonly #docker = new DockerDriver();
  #engine: Dockerode | undefined;

  constructor(target: RedisTarget) {
    this.#target = target;
  }

  async setup(): Promise<void> {
    await this.#docker.setup();
    this.#engine = (await runtime()).container.dockerode;
  }

  async teardown(): Promise<void> {}

  /** Runs one command on a server or Sentinel and disconnects. */
  async command(ref: RedisServerRef, argv: string[], timeoutMs = 2_000): Promise<unknown> {
    if (!this.#engine) throw new FaultError('the redis driver was used before setup()');
    const info = await this.#engine.getContainer(ref.containerId).inspect();
    const binding = Object.values(info.NetworkSettings.Ports ?? {}).find((b) => b?.[0]?.HostPort)?.[0];
    if (!binding) throw new FaultError(`${ref.name} publishes no port (is it running?)`);
    const client = new Redis({
      host: '127.0.0.1',
      port: Number(binding.HostPort),
      lazyConnect: true,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => {}); // Reported through the command's rejection.
    try {
      await client.connect();
      return await client.call(argv[0]!, ...argv.slice(1));
    } finally {
      client.disconnect();
    }
  }

  /** The current primary: what a majority-reachable Sentinel says, else the server whose INFO says master. */
  async currentPrimary(): Promise<RedisServerRef> {
    for (const sentinel of this.#target.sentinels) {
      try {
        const addr = (await this.command(sentinel, [
          'SENTINEL',
          'get-master-addr-by-name',
          this.#target.masterName,
        ])) as [string, string] | null;
        const server = addr && this.#target.servers.find((s) => s.name === addr[0]);
        if (server) return server;
      } catch {
        // Try the next Sentinel.
      }
    }
    for (const server of this.#target.servers) {
      try {
        const info = String(await this.command(server, ['INFO', 'replication']));
        if (/^role:master/m.test(info)) return server;
      } catch {
        // Down or partitioned: not the primary we can act on.
      }
    }
    throw new FaultError('no Redis primary found: no Sentinel answered and no server reports role:master');
  }

  async inject({ key, spec, victims, onUndo }: InjectRequest): Promise<Injection> {
    const how = spec.params?.how ?? 'kill';
    const named = victims[0] && this.#target.servers.find((s) => s.name === victims[0]!.name);
    const primary = named || (await this.currentPrimary());
    const started = performance.now();
    const journal = async (step: UndoStep): Promise<UndoStep> => (await onUndo(step), step);
    const undo: UndoStep[] = [];
    switch (how) {
      case 'kill': {
        await this.#docker.inject({
          key,
          spec: { ...spec, action: 'kill' },
          victims: [primary],
          onUndo: async (step) => void undo.push(await journal(step)),
        });
        break;
      }
      case 'sentinel': {
        const sentinel = this.#target.sentinels[0];
        if (!sentinel) throw new FaultError('failover by Sentinel needs a Sentinel; this store has none');
        await this.command(sentinel, ['SENTINEL', 'FAILOVER', this.#target.masterName]);
        break;
      }
      case 'client-pause': {
        const ms = String(spec.duration ?? 5_000);
        undo.push(
          await journal({
            kind: 'redis',
            containerId: primary.containerId,
            name: primary.name,
            command: ['CLIENT', 'UNPAUSE'],
          }),
        );
        await this.command(primary, ['CLIENT', 'PAUSE', ms, 'ALL']);
        return { victims: [primary.name], detail: `${primary.name} paused clients for ${ms} ms`, undo };
      }
      case 'debug-sleep': {
        const seconds = ((spec.duration ?? 5_000) / 1000).toFixed(3);
        // DEBUG SLEEP blocks the server until it ends: send it and do not wait for the reply.
        void this.command(primary, ['DEBUG', 'SLEEP', seconds], (spec.duration ?? 5_000) + 5_000).catch(
          () => {},
        );
        return {
          victims: [primary.name],
          detail: `${primary.name} sleeps for ${seconds} s (DEBUG SLEEP)`,
          undo,
        };
      }
    }
    if (this.#target.sentinels.length === 0) {
      return {
        victims: [primary.name],
        detail: `${primary.name} killed; no Sentinel, so the store is down until healed`,
        undo,
      };
    }
    const timeoutMs = spec.params?.timeoutMs ?? DEFAULT_ELECTION_TIMEOUT_MS;
    const elected = await this.#awaitNewPrimary(primary.name, timeoutMs);
    if (!elected)
      throw new FaultError(
        `no new primary was elected within ${timeoutMs} ms after ${primary.name} went down (timed out)`,
      );
    const ms = Math.round(performance.now() - started);
    await this.#confirmPromoted(elected);
    return {
      victims: [primary.name],
      detail: `${primary.name} down (${how}); ${elected} elected primary after ${ms} ms`,
      undo,
    };
  }

  /**
   * Confirms the failover on the server itself: the one Sentinel named now says `role:master`.
   * Sentinel's word is its view of the election; the role is what clients writing to it meet.
   */
  async #confirmPromoted(elected: string): Promise<void> {
    const server = this.#target.servers.find((s) => s.name === elected);
    if (!server) throw new FaultError(`Sentinel elected ${elected}, which is none of this store's servers`);
    await confirmEffect(`${elected} took the primary role`, async () => {
      const role = /^role:(\w+)/m.exec(String(await this.command(server, ['INFO', 'replication'], 500)));
      return role?.[1] === 'master' ? undefined : `${elected} says role:${role?.[1] ?? '?'}`;
    });
  }

  async #awaitNewPrimary(old: string, timeoutMs: number): Promise<string | undefined> {
    const end = performance.now() + timeoutMs;
    while (performance.now() < end) {
      for (const sentinel of this.#target.sentinels) {
        try {
          const addr = (await this.command(
            sentinel,
            ['SENTINEL', 'get-master-addr-by-name', this.#target.masterName],
            500,
          )) as [string, string] | null;
          if (addr && addr[0] !== old) return addr[0];
          break;
        } catch {
          // Next Sentinel.
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  }

  async undo(step: UndoStep): Promise<string | undefined> {
    if (step.kind === 'redis') {
      await this.command(step, step.command);
      return `${step.name}: ${step.command.join(' ')}`;
    }
    return this.#docker.undo(step);
  }
}
