import {
  containerIsNode,
  deriveSeed,
  LAB_STORE_ROLES,
  seededRandom,
  selectVictims,
  type FaultSpec,
  type PlannedFault,
  type VictimCandidate,
} from '@sessionchaos/core';
import { findContainers, type RedisDriver, type Victim, type VictimResolver } from '@sessionchaos/faults';
import type { StartedLabCluster } from '@sessionchaos/lab';

/** Stable stream number of a fault occurrence, so its seeded choice does not depend on timing. */
function streamOf(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** What the resolver needs to know about the running cluster. */
export interface VictimContext {
  seed: number;
  lab: StartedLabCluster | null;
  redis: RedisDriver | null;
  /** Live sessions per app node, for `busiest`. */
  liveSessions: () => Map<string, number>;
}

/** The candidates of a role on the lab (names and containers). */
async function roleCandidates(spec: FaultSpec, c: VictimContext): Promise<Victim[]> {
  const lab = c.lab;
  if (!lab) throw new Error(`target.role ${spec.target.role} needs the lab`);
  const role = spec.target.role;
  if (role === 'app') return lab.nodes.map((n) => ({ name: n.name, containerId: n.containerId }));
  if (role === 'balancer') return [{ name: 'balancer', containerId: lab.balancer.containerId }];
  // A lab strategy's store container (memcached, ...): one container, named as its role.
  const store = role !== undefined ? lab.store(role) : undefined;
  if (store) return [{ name: store.name, containerId: store.containerId }];
  if (role !== undefined && LAB_STORE_ROLES.includes(role)) return [];
  const r = lab.redis;
  if (!r || !c.redis) return [];
  if (role === 'sentinel') return r.sentinels.map((s) => ({ name: s.name, containerId: s.containerId }));
  // The primary moves with failovers: ask Sentinel (or INFO) now.
  const primary = await c.redis.currentPrimary();
  if (role === 'redis-primary') return [primary];
  return [r.primary, ...r.replicas]
    .filter((s) => s.name !== primary.name)
    .map((s) => ({ name: s.name, containerId: s.containerId }));
}

/**
 * Live sessions of a candidate: those of the node it is ({@link containerIsNode}), by its name or
 * one of its aliases (a Compose replica's container name and hostname).
 */
export function sessionsOf(v: Victim, live: ReadonlyMap<string, number>): number {
  const names = [v.name, ...(v.aliases ?? [])];
  for (const name of names) {
    const exact = live.get(name);
    if (exact !== undefined) return exact;
  }
  for (const [node, n] of live)
    if (names.some((name) => containerIsNode({ name, id: v.containerId }, node))) return n;
  return 0;
}

/** Picks the victims of one fault occurrence: the role's (or named containers') candidates, then the selector, seeded. */
export function labVictimResolver(c: VictimContext): VictimResolver {
  return async (spec: FaultSpec, planned: PlannedFault): Promise<Victim[]> => {
    const t = spec.target;
    if (spec.action === 'exec' && !t.role && !t.container && !t.label && !t.compose) return [];
    const candidates =
      spec.target.role !== undefined ? await roleCandidates(spec, c) : await findContainers(spec.target);
    const live = c.liveSessions();
    const scored: VictimCandidate[] = candidates.map((v) => ({
      name: v.name,
      liveSessions: sessionsOf(v, live),
    }));
    const random = seededRandom(deriveSeed(c.seed, streamOf(planned.key)));
    const names = selectVictims(scored, spec.select ?? 'one', random);
    return candidates.filter((v) => names.includes(v.name));
  };
}

/** Victims a dry run can name without starting anything: app nodes by name (busiest is decided live). */
export function dryRunVictims(
  spec: FaultSpec,
  planned: PlannedFault,
  seed: number,
  nodes: number,
): string[] | undefined {
  if (spec.target.role !== 'app' || spec.select === 'busiest') return undefined;
  const candidates = Array.from({ length: nodes }, (_, i) => ({ name: `app-${i + 1}` }));
  return selectVictims(
    candidates,
    spec.select ?? 'one',
    seededRandom(deriveSeed(seed, streamOf(planned.key))),
  );
}
