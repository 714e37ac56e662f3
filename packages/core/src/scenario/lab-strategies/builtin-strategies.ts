import { TOMCAT_LAB_JOURNEY } from '../lab-journey.ts';
import { defineLabStrategy, type LabSpecInput } from './lab-strategy.ts';

const none = (): number => 0;
const one = (): number => 1;
const redisContainers = (lab: LabSpecInput): number => {
  const redis = (lab['redis'] ?? {}) as { topology?: string; replicas?: number };
  return redis.topology === 'sentinel' ? 1 + (redis.replicas ?? 1) + 3 : 1;
};

/** Sessions in each node's memory, round robin: the baseline every other strategy is measured against. */
export const MEMORY_STRATEGY = defineLabStrategy({
  name: 'memory',
  description: 'Each node keeps its own sessions in memory; round robin (no sharing).',
  sessions: 'nodes',
  replicates: false,
  storeRoles: [],
  storeContainers: none,
  compare: [
    { name: 'memory', label: 'no sharing (round robin)', lab: { strategy: 'memory' }, victim: 'app' },
  ],
});

/** The memory app behind a sticky balancer (cookie or source IP). */
export const STICKY_STRATEGY = defineLabStrategy({
  name: 'sticky',
  description: 'Sessions in memory behind a sticky balancer (SERVERID cookie or source IP).',
  sessions: 'nodes',
  replicates: false,
  storeRoles: [],
  storeContainers: none,
  compare: [
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
  ],
});

/** The lab app's own session replication between nodes. */
export const REPLICATED_STRATEGY = defineLabStrategy({
  name: 'replicated',
  description: 'Nodes copy sessions to each other (all-to-all or primary-backup, sync or async).',
  sessions: 'nodes',
  replicates: true,
  storeRoles: [],
  storeContainers: none,
  compare: [
    {
      name: 'replicated',
      label: 'clustering, Node all-to-all (sync)',
      lab: { strategy: 'replicated' },
      victim: 'app',
    },
  ],
});

/** Sessions in Redis (single, or a primary with replicas and Sentinels). */
export const REDIS_STRATEGY = defineLabStrategy({
  name: 'redis',
  description: 'Sessions in Redis, one instance or a primary with replicas watched by Sentinels.',
  sessions: 'store',
  replicates: false,
  storeRoles: [],
  storeContainers: redisContainers,
  compare: [
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
  ],
});

/** Stateless signed tokens, optionally with a revocation list in Redis. */
export const JWT_STRATEGY = defineLabStrategy({
  name: 'jwt',
  description: 'Stateless signed tokens (JWT), with an optional revocation list in Redis.',
  sessions: 'none',
  replicates: false,
  storeRoles: [],
  storeContainers: (lab) =>
    (lab['jwt'] as { revocation?: boolean } | undefined)?.revocation === true ? redisContainers(lab) : 0,
  compare: [
    {
      name: 'jwt',
      label: 'stateless tokens (JWT, revocation list)',
      lab: { strategy: 'jwt', jwt: { revocation: true } },
      victim: 'app',
    },
  ],
});

/** Apache Tomcat nodes in a SimpleTcpCluster, FORM login. */
export const TOMCAT_STRATEGY = defineLabStrategy({
  name: 'tomcat',
  description: 'Apache Tomcat 10.1 nodes replicating sessions (DeltaManager or BackupManager), FORM login.',
  sessions: 'nodes',
  replicates: true,
  storeRoles: [],
  storeContainers: none,
  journey: TOMCAT_LAB_JOURNEY,
  compare: [
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
  ],
});

/** Sessions in one Memcached server. */
export const MEMCACHED_STRATEGY = defineLabStrategy({
  name: 'memcached',
  description: 'Sessions in one Memcached server shared by every node.',
  sessions: 'store',
  replicates: false,
  storeRoles: ['memcached'],
  storeContainers: one,
  compare: [
    {
      name: 'memcached',
      label: 'external store, Memcached',
      lab: { strategy: 'memcached' },
      victim: 'memcached',
    },
  ],
});
