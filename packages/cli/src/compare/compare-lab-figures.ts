import { LAB_STORE_ROLES } from '@sessionchaos/core';
import type { ContainerMemory } from '@sessionchaos/lab';
import type { LabMeasure } from './compare-meter.ts';

/** Where a strategy keeps its sessions, and whether its app nodes copy them to each other. */
export interface SessionPlacement {
  /** `nodes`: in the app nodes' memory; `store`: in Redis or Memcached; `none`: no server-side session (JWT). */
  sessions: 'nodes' | 'store' | 'none';
  /** The app nodes replicate sessions to each other (clustering). */
  replicates: boolean;
  /** The lab runs store containers (Redis, Sentinel, Memcached; JWT's revocation list). */
  store: boolean;
}

/** The lab figures of one row: measured, `null` where meaningless for the strategy or not measured. */
export interface LabFigures {
  /** Sessions the meter created between its two memory samples: what the memory figures are divided by. */
  sessions: number | null;
  /** The users' completed logins before the traffic reading: what the traffic figures are divided by. */
  logins: number | null;
  /** Mean growth of an app node's memory per 1,000 sessions of the cluster, bytes. */
  memoryPerNode: number | null;
  /** Growth of the store's containers together per 1,000 sessions, bytes. */
  storeMemory: number | null;
  /** Bytes sent between app nodes per login. */
  replicationPerLogin: number | null;
  /** Bytes between the app nodes and the store per login, both ways. */
  storePerLogin: number | null;
}

/** The figures of a run the meter did not measure. */
export const NO_FIGURES: LabFigures = {
  sessions: null,
  logins: null,
  memoryPerNode: null,
  storeMemory: null,
  replicationPerLogin: null,
  storePerLogin: null,
};

/** A user's op, as far as the figures need it. */
export interface LoginOp {
  process: number | string;
  type: string;
  time: number;
  step?: string;
}

function growth(before: ContainerMemory[], after: ContainerMemory[], roles: string[]): number[] {
  return after
    .filter((a) => roles.includes(a.role))
    .flatMap((a) => {
      const b = before.find((x) => x.name === a.name && x.source === a.source);
      return b ? [a.bytes - b.bytes] : [];
    });
}

/**
 * The lab figures from the meter's samples and the history. The memory figures divide by the sessions created
 * across the cluster: "per node per 1,000 sessions" then shows that a node of an all-to-all cluster holds every
 * session, where a node behind round robin or stickiness holds its share. The traffic figures divide by the
 * users' logins, the event that creates a session (and its copies).
 */
export function labFigures(
  placement: SessionPlacement,
  measure: LabMeasure | null,
  ops: LoginOp[],
): LabFigures {
  if (!measure) return NO_FIGURES;
  const done = (step: string): number =>
    ops.filter(
      (o) => typeof o.process === 'number' && o.type === 'ok' && o.step === step && o.time < measure.atMs,
    ).length;
  const logins = done('login');
  const sessions = measure.filled;
  const perThousand = (bytes: number): number | null => (sessions > 0 ? (bytes / sessions) * 1000 : null);
  const nodes = growth(measure.before, measure.after, ['app']);
  const stores = growth(measure.before, measure.after, ['redis', 'sentinel', ...LAB_STORE_ROLES]);
  const t = measure.traffic;
  return {
    sessions,
    logins,
    memoryPerNode:
      placement.sessions !== 'none' && nodes.length > 0
        ? perThousand(nodes.reduce((a, b) => a + b, 0) / nodes.length)
        : null,
    storeMemory:
      placement.sessions === 'store' && stores.length > 0
        ? perThousand(stores.reduce((a, b) => a + b, 0))
        : null,
    replicationPerLogin: placement.replicates && t && logins > 0 ? t.betweenNodes / logins : null,
    storePerLogin: placement.store && t && logins > 0 ? t.withStore / logins : null,
  };
}
