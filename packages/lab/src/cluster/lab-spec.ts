import {
  keysOf,
  LAB_BALANCERS,
  LAB_FIELDS as LAB_FIELD_TABLE,
  LAB_HEALTH_FIELDS,
  LAB_JWT_FIELDS,
  LAB_MAX_NODES,
  LAB_MAX_REPLICAS,
  LAB_MAX_TIMING_MS,
  LAB_REDIS_FIELDS,
  LAB_REDIS_TOPOLOGIES,
  LAB_REPLICATION_FIELDS,
  LAB_REPLICATION_MODES,
  LAB_STICKY_MODES,
  LAB_STRATEGY_NAMES,
  LAB_TOMCAT_FIELDS,
  LAB_TOMCAT_REPLICATIONS,
} from '@sessionchaos/core/scenario';
import { IMAGE_MODES, type ImageMode } from '../images/image-modes.ts';

/** The session strategies the lab can run (see the architecture's strategy table). */
export const LAB_STRATEGIES = LAB_STRATEGY_NAMES;
/** One of {@link LAB_STRATEGIES}. */
export type LabStrategy = (typeof LAB_STRATEGIES)[number];

/** How the balancer pins users: not at all, by an inserted `SERVERID` cookie, or by source-IP hash. */
export const STICKY_MODES = LAB_STICKY_MODES;
/** One of {@link STICKY_MODES}. */
export type StickyMode = (typeof STICKY_MODES)[number];

/** Redis topologies: one instance, or a primary with replicas watched by three Sentinels. */
export const REDIS_TOPOLOGIES = LAB_REDIS_TOPOLOGIES;
/** One of {@link REDIS_TOPOLOGIES}. */
export type RedisTopologyKind = (typeof REDIS_TOPOLOGIES)[number];

/** Replication modes of the `replicated` strategy. */
export const REPLICATION_MODES = LAB_REPLICATION_MODES;

/** Session managers of the `tomcat` strategy: DeltaManager (all-to-all) or BackupManager (one backup a session). */
export const TOMCAT_REPLICATIONS = LAB_TOMCAT_REPLICATIONS;

/** The balancers the lab can put in front of the nodes. */
export const BALANCERS = LAB_BALANCERS;

/** What a lab should run. Everything but `strategy` has a lab-friendly default. */
export interface LabSpec {
  strategy: LabStrategy;
  /** App nodes (default 3). */
  nodes?: number;
  /** Default `cookie` for `sticky` and `tomcat`, `none` otherwise. */
  sticky?: StickyMode;
  /** For `replicated` (default all-to-all, synchronous, no lag). */
  replication?: { mode?: (typeof REPLICATION_MODES)[number]; sync?: boolean; lagMs?: number };
  /** For `redis`, and `jwt` with revocation (default single). */
  redis?: {
    topology?: RedisTopologyKind;
    /** Replicas of the primary, for `sentinel` (default 1). */
    replicas?: number;
    /** Sentinel timings (defaults: 1000 ms down-after, 5000 ms failover timeout). */
    downAfterMs?: number;
    failoverTimeoutMs?: number;
  };
  /** For `jwt`: a revocation list in Redis so logout takes effect (default off). */
  jwt?: { revocation?: boolean };
  /**
   * For `tomcat`: Apache Tomcat 10.1 nodes in a `SimpleTcpCluster` with static membership, FORM login
   * (default DeltaManager, asynchronous: Tomcat's own defaults).
   */
  tomcat?: { replication?: (typeof TOMCAT_REPLICATIONS)[number]; sync?: boolean };
  /**
   * The balancer (default `haproxy`). `nginx` maps `sticky` to its own methods: `source` is `ip_hash`, `cookie`
   * a consistent hash of the session cookie; it has passive health checks only.
   */
  balancer?: (typeof BALANCERS)[number];
  /** Balancer health checks (defaults: every 500 ms, 2 failures down, 1 success up). */
  health?: { interMs?: number; fall?: number; rise?: number };
  /** Image source; default from `SESSIONCHAOS_IMAGES`, else `auto`. */
  images?: ImageMode;
}

/** A spec with every default filled in. */
export interface ResolvedLabSpec {
  strategy: LabStrategy;
  nodes: number;
  sticky: StickyMode;
  replication: { mode: (typeof REPLICATION_MODES)[number]; sync: boolean; lagMs: number };
  /** Null when the strategy uses no Redis. */
  redis: {
    topology: RedisTopologyKind;
    replicas: number;
    downAfterMs: number;
    failoverTimeoutMs: number;
  } | null;
  jwt: { revocation: boolean };
  /** Null unless the strategy is `tomcat`. */
  tomcat: { replication: (typeof TOMCAT_REPLICATIONS)[number]; sync: boolean } | null;
  balancer: (typeof BALANCERS)[number];
  health: { interMs: number; fall: number; rise: number };
  images: ImageMode | undefined;
}

/** The outcome of {@link validateLabSpec}: the resolved spec, or every error at once. */
export type LabSpecResult = { ok: true; spec: ResolvedLabSpec } | { ok: false; errors: string[] };

const oneOf = (what: string, value: unknown, choices: readonly string[]): string =>
  `${what} ${JSON.stringify(value)} is unknown. Valid ${what.replace(/y$/, 'ie')}s: ${choices.join(', ')}`;

const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

// Timings in a lab spec past an hour are typos, not settings.
const HOUR_MS = LAB_MAX_TIMING_MS;

export { LAB_MAX_NODES, LAB_MAX_REPLICAS };

/**
 * The fields a lab spec may have, at each level: anything else is a typo that would test another setup. Read
 * from core's field table, which the scenario schema and reference are generated from.
 */
const LAB_FIELDS: Record<string, readonly string[]> = {
  '': keysOf(LAB_FIELD_TABLE),
  tomcat: keysOf(LAB_TOMCAT_FIELDS),
  replication: keysOf(LAB_REPLICATION_FIELDS),
  redis: keysOf(LAB_REDIS_FIELDS),
  jwt: keysOf(LAB_JWT_FIELDS),
  health: keysOf(LAB_HEALTH_FIELDS),
};

/** One unknown field of a lab spec: its path below the spec (`redis.topolgy`) and the valid ones. */
export interface LabFieldError {
  path: string;
  message: string;
}

/** Every unknown field of a lab spec (from a file: any shape), so a typo is an error, not a default. */
export function labSpecFieldErrors(input: unknown): LabFieldError[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return [{ path: '', message: 'must be an object: {strategy: memory, nodes: 3, ...}' }];
  const errors: LabFieldError[] = [];
  const check = (at: string, obj: unknown): void => {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      errors.push({ path: at, message: `must be an object with: ${LAB_FIELDS[at]!.join(', ')}` });
      return;
    }
    const valid = LAB_FIELDS[at]!;
    for (const key of Object.keys(obj)) {
      if (!valid.includes(key))
        errors.push({
          path: at ? `${at}.${key}` : key,
          message: `unknown field "${key}". Valid fields: ${valid.join(', ')}`,
        });
    }
  };
  check('', input);
  const spec = input as Record<string, unknown>;
  for (const part of ['replication', 'redis', 'jwt', 'tomcat', 'health'])
    if (spec[part] !== undefined) check(part, spec[part]);
  return errors;
}

/** Checks a lab spec (possibly from a file or flags: `unknown` fields) and fills in the defaults. */
export function validateLabSpec(input: LabSpec): LabSpecResult {
  const errors: string[] = [];
  const { strategy } = input;
  if (!(LAB_STRATEGIES as readonly string[]).includes(strategy))
    errors.push(oneOf('strategy', strategy, LAB_STRATEGIES));
  const nodes = input.nodes ?? 3;
  if (!isInt(nodes, 1, LAB_MAX_NODES))
    errors.push(`nodes must be a whole number between 1 and ${LAB_MAX_NODES} (got ${JSON.stringify(nodes)})`);

  // Tomcat clusters run behind a sticky balancer (replication is their failover): a FORM login keeps its
  // saved request in a session note that does not replicate, so round robin breaks it (see scenarios/).
  const sticky = input.sticky ?? (strategy === 'sticky' || strategy === 'tomcat' ? 'cookie' : 'none');
  if (!(STICKY_MODES as readonly string[]).includes(sticky))
    errors.push(oneOf('sticky mode', sticky, STICKY_MODES));
  else if (strategy === 'sticky' && sticky === 'none') {
    errors.push(
      'strategy "sticky" needs sticky "cookie" or "source" (use strategy "memory" for no stickiness)',
    );
  }

  const rep = input.replication ?? {};
  if (input.replication && strategy !== 'replicated') {
    errors.push(`replication settings apply only to strategy "replicated" (got strategy "${strategy}")`);
  }
  const mode = rep.mode ?? 'all-to-all';
  if (!(REPLICATION_MODES as readonly string[]).includes(mode))
    errors.push(oneOf('replication mode', mode, REPLICATION_MODES));
  if (rep.lagMs !== undefined && !isInt(rep.lagMs, 0, HOUR_MS))
    errors.push(`replication lagMs must be a whole number between 0 and ${HOUR_MS}`);
  if (rep.sync === true && (rep.lagMs ?? 0) > 0)
    errors.push('replication lagMs applies only to asynchronous replication (sync: false)');
  if (strategy === 'replicated' && mode === 'primary-backup' && isInt(nodes, 1) && nodes < 2) {
    errors.push('replication mode "primary-backup" needs at least 2 nodes');
  }

  const revocation = input.jwt?.revocation ?? false;
  if (input.jwt && strategy !== 'jwt')
    errors.push(`jwt settings apply only to strategy "jwt" (got strategy "${strategy}")`);
  const usesRedis = strategy === 'redis' || (strategy === 'jwt' && revocation);
  const r = input.redis ?? {};
  if (input.redis && !usesRedis) {
    errors.push(
      `strategy "${strategy}" uses no Redis, so a redis topology cannot apply. ` +
        'Strategies that use Redis: redis, jwt (with jwt.revocation: true)',
    );
  }
  const topology = r.topology ?? 'single';
  if (!(REDIS_TOPOLOGIES as readonly string[]).includes(topology))
    errors.push(oneOf('redis topology', topology, REDIS_TOPOLOGIES));
  const replicas = r.replicas ?? (topology === 'sentinel' ? 1 : 0);
  if (!isInt(replicas, 0, LAB_MAX_REPLICAS))
    errors.push(`redis replicas must be a whole number between 0 and ${LAB_MAX_REPLICAS}`);
  else if (topology === 'sentinel' && replicas < 1)
    errors.push('redis topology "sentinel" needs at least 1 replica to fail over to');
  const downAfterMs = r.downAfterMs ?? 1000;
  const failoverTimeoutMs = r.failoverTimeoutMs ?? 5000;
  if (!isInt(downAfterMs, 100, HOUR_MS))
    errors.push(`redis downAfterMs must be a whole number between 100 and ${HOUR_MS}`);
  if (!isInt(failoverTimeoutMs, 1000, HOUR_MS))
    errors.push(`redis failoverTimeoutMs must be a whole number between 1000 and ${HOUR_MS}`);

  if (input.tomcat && strategy !== 'tomcat')
    errors.push(`tomcat settings apply only to strategy "tomcat" (got strategy "${strategy}")`);
  const tomcatReplication = input.tomcat?.replication ?? 'delta';
  if (!(TOMCAT_REPLICATIONS as readonly string[]).includes(tomcatReplication))
    errors.push(oneOf('tomcat replication', tomcatReplication, TOMCAT_REPLICATIONS));
  if (input.tomcat?.sync !== undefined && typeof input.tomcat.sync !== 'boolean')
    errors.push('tomcat sync must be true or false');
  if (strategy === 'tomcat' && tomcatReplication === 'backup' && isInt(nodes, 1) && nodes < 2)
    errors.push('tomcat replication "backup" needs at least 2 nodes');

  const balancer = input.balancer ?? 'haproxy';
  if (!(BALANCERS as readonly string[]).includes(balancer))
    errors.push(oneOf('balancer', balancer, BALANCERS));

  const health = { interMs: 500, fall: 2, rise: 1, ...input.health };
  if (!isInt(health.interMs, 50, HOUR_MS))
    errors.push(`health interMs must be a whole number between 50 and ${HOUR_MS}`);
  if (!isInt(health.fall, 1, 100)) errors.push('health fall must be a whole number between 1 and 100');
  if (!isInt(health.rise, 1, 100)) errors.push('health rise must be a whole number between 1 and 100');

  if (input.images !== undefined && !(IMAGE_MODES as readonly string[]).includes(input.images)) {
    errors.push(oneOf('images mode', input.images, IMAGE_MODES));
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    spec: {
      strategy,
      nodes,
      sticky,
      replication: { mode, sync: rep.sync ?? (rep.lagMs ?? 0) === 0, lagMs: rep.lagMs ?? 0 },
      redis: usesRedis ? { topology, replicas, downAfterMs, failoverTimeoutMs } : null,
      jwt: { revocation },
      tomcat:
        strategy === 'tomcat' ? { replication: tomcatReplication, sync: input.tomcat?.sync ?? false } : null,
      balancer,
      health,
      images: input.images,
    },
  };
}
