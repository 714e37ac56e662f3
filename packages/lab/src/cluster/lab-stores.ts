import type { LabStore } from './lab-store.ts';
import { MEMCACHED_STORE } from './memcached-server.ts';
import { POSTGRES_STORE } from './postgres-server.ts';

/**
 * The store containers of the lab strategies that keep sessions in one (one line each). Redis is not here: its
 * topologies (replicas, Sentinels, failovers) have their own start in `redis-topology.ts`.
 */
export const LAB_STORES: readonly LabStore[] = [MEMCACHED_STORE, POSTGRES_STORE];

/** The store a strategy starts, if any. */
export const labStoreFor = (strategy: string): LabStore | undefined =>
  LAB_STORES.find((s) => s.strategy === strategy);
