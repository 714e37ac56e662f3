import type { ImageMode } from '../images/image-modes.ts';

/** A running store container of a lab: its fault role, its name on the lab network, container and port. */
export interface StoreHandle {
  /** The fault role that targets it (`memcached`): a `storeRoles` entry of its strategy's definition in core. */
  role: string;
  name: string;
  containerId: string;
  /** Its port published on 127.0.0.1. */
  port: number;
}

/** What a store needs to start: its image, the lab network and run id (for the labels), and a logger. */
export interface StoreStartContext {
  image: string;
  network: string;
  runId: string;
  log: (line: string) => void;
}

/**
 * The Docker part of a lab strategy that keeps sessions in a store container of its own: how its image is
 * found, how it starts, and what the app nodes are told to reach it. Registered in `LAB_STORES`
 * (`packages/lab/src/cluster/lab-stores.ts`); its pure definition is in core's lab strategy registry.
 */
export interface LabStore {
  /** The lab strategy (`LabSpec.strategy`) that runs it. */
  strategy: string;
  /** The store's fault role, also its name on the lab network. */
  role: string;
  resolveImage: (mode: ImageMode) => Promise<string>;
  start: (ctx: StoreStartContext) => Promise<StoreHandle>;
  /** The environment the app nodes get to reach it (the variable its backend in `APP_BACKENDS` reads). */
  appEnv: Record<string, string>;
}
