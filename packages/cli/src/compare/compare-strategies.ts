import type { LabSpec } from '@sessionchaos/lab';
import type { SessionPlacement } from './compare-lab-figures.ts';

/** One strategy of the comparison: the lab it runs, and what "one node (or the store) killed" means there. */
export interface CompareStrategy {
  name: string;
  /** The design documents' words for it. */
  label: string;
  lab: LabSpec;
  /** The role killed by the `kill` fault plan: an app node (the busiest), or the session store. */
  victim: 'app' | 'redis-primary' | 'memcached';
}

/** Every strategy `sessionchaos compare` knows, in the order of the table. */
export const COMPARE_STRATEGIES: readonly CompareStrategy[] = [
  { name: 'memory', label: 'no sharing (round robin)', lab: { strategy: 'memory' }, victim: 'app' },
  {
    name: 'sticky-cookie',
    label: 'sticky sessions (cookie)',
    lab: { strategy: 'sticky', sticky: 'cookie' },
    victim: 'app',
  },
  {
    name: 'sticky-source',
    label: 'sticky sessions (source IP)',
    lab: { strategy: 'sticky', sticky: 'source' },
    victim: 'app',
  },
  {
    name: 'replicated',
    label: 'clustering, Node all-to-all (sync)',
    lab: { strategy: 'replicated' },
    victim: 'app',
  },
  {
    name: 'tomcat-delta-async',
    label: 'Tomcat DeltaManager, async',
    lab: { strategy: 'tomcat', tomcat: { replication: 'delta', sync: false } },
    victim: 'app',
  },
  {
    name: 'tomcat-delta-sync',
    label: 'Tomcat DeltaManager, sync',
    lab: { strategy: 'tomcat', tomcat: { replication: 'delta', sync: true } },
    victim: 'app',
  },
  {
    name: 'tomcat-backup',
    label: 'Tomcat BackupManager, sync',
    lab: { strategy: 'tomcat', tomcat: { replication: 'backup', sync: true } },
    victim: 'app',
  },
  {
    name: 'redis-single',
    label: 'external store, Redis',
    lab: { strategy: 'redis' },
    victim: 'redis-primary',
  },
  {
    name: 'redis-sentinel',
    label: 'external store, Redis + Sentinel',
    lab: { strategy: 'redis', redis: { topology: 'sentinel' } },
    victim: 'redis-primary',
  },
  {
    name: 'memcached',
    label: 'external store, Memcached',
    lab: { strategy: 'memcached' },
    victim: 'memcached',
  },
  {
    name: 'jwt',
    label: 'stateless tokens (JWT, revocation list)',
    lab: { strategy: 'jwt', jwt: { revocation: true } },
    victim: 'app',
  },
];

/** The strategies named in `--strategies a,b` (all when none), or the unknown names. */
export function pickStrategies(
  names: string[] | undefined,
): { ok: true; strategies: CompareStrategy[] } | { ok: false; unknown: string[] } {
  if (!names || names.length === 0) return { ok: true, strategies: [...COMPARE_STRATEGIES] };
  const unknown = names.filter((n) => !COMPARE_STRATEGIES.some((s) => s.name === n));
  if (unknown.length > 0) return { ok: false, unknown };
  return { ok: true, strategies: COMPARE_STRATEGIES.filter((s) => names.includes(s.name)) };
}

/** Containers a lab runs: its moving parts. */
export function movingParts(lab: LabSpec): number {
  const nodes = lab.nodes ?? 3;
  const store =
    lab.strategy === 'memcached'
      ? 1
      : lab.strategy === 'redis' || (lab.strategy === 'jwt' && lab.jwt?.revocation)
        ? lab.redis?.topology === 'sentinel'
          ? 1 + (lab.redis.replicas ?? 1) + 3
          : 1
        : 0;
  return nodes + 1 + store;
}

/** Where a lab keeps its sessions: which of the lab figures mean something for it. */
export function placementOf(lab: LabSpec): SessionPlacement {
  const s = lab.strategy;
  return {
    sessions: s === 'jwt' ? 'none' : s === 'redis' || s === 'memcached' ? 'store' : 'nodes',
    replicates: s === 'replicated' || s === 'tomcat',
    store: s === 'redis' || s === 'memcached' || (s === 'jwt' && lab.jwt?.revocation === true),
  };
}
