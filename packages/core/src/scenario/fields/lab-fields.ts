import { LAB_STRATEGY_NAMES, LAB_STRATEGY_REGISTRY } from '../lab-strategies/lab-strategy-registry.ts';
import { oneOf, whole, type Field, type FieldTable } from './field.ts';

/** How the balancer pins users: not at all, by an inserted `SERVERID` cookie, or by source-IP hash. */
export const LAB_STICKY_MODES = ['none', 'cookie', 'source'] as const;
/** Redis topologies: one instance, or a primary with replicas watched by three Sentinels. */
export const LAB_REDIS_TOPOLOGIES = ['single', 'sentinel'] as const;
/** Replication modes of the `replicated` strategy. */
export const LAB_REPLICATION_MODES = ['all-to-all', 'primary-backup'] as const;
/** Session managers of the `tomcat` strategy: DeltaManager (all-to-all) or BackupManager (one backup a session). */
export const LAB_TOMCAT_REPLICATIONS = ['delta', 'backup'] as const;
/** The balancers the lab can put in front of the nodes. */
export const LAB_BALANCERS = ['haproxy', 'nginx'] as const;
/** Where the lab's images come from. */
export const LAB_IMAGE_MODES = ['official', 'assembled', 'auto'] as const;
/** Most app nodes a lab starts: each is a container on this one machine. */
export const LAB_MAX_NODES = 16;
/** Most Redis replicas in a `sentinel` topology. */
export const LAB_MAX_REPLICAS = 5;
/** Timings in a lab spec past an hour are typos, not settings. */
export const LAB_MAX_TIMING_MS = 3_600_000;

const bool = (description: string, example: boolean, dflt?: boolean): Field => ({
  type: 'boolean',
  description,
  example,
  schema: { type: 'boolean' },
  ...(dflt !== undefined ? { default: dflt } : {}),
});
const ms = (min: number, description: string, example: number, dflt: number): Field => ({
  ...whole(min, LAB_MAX_TIMING_MS),
  type: `integer ms ${min}..${LAB_MAX_TIMING_MS}`,
  description,
  example,
  default: dflt,
});

/** `target.lab.replication` (strategy `replicated`). */
export const LAB_REPLICATION_FIELDS = {
  mode: {
    ...oneOf(LAB_REPLICATION_MODES),
    description: 'Every node copies to every other, or a primary copies to one backup.',
    example: 'primary-backup',
    default: 'all-to-all',
  },
  sync: {
    ...bool('Copies are made before the answer (true) or after it (false).', false),
    defaultText: 'true, false when lagMs > 0',
  },
  lagMs: ms(0, 'Delay of asynchronous copies (with sync: false).', 300, 0),
} satisfies FieldTable;

/** `target.lab.redis` (strategies `redis`, and `jwt` with revocation). */
export const LAB_REDIS_FIELDS = {
  topology: {
    ...oneOf(LAB_REDIS_TOPOLOGIES),
    description: 'One Redis, or a primary with replicas and three Sentinels.',
    example: 'sentinel',
    default: 'single',
  },
  replicas: {
    ...whole(0, LAB_MAX_REPLICAS),
    description: 'Replicas of the primary.',
    example: 1,
    defaultText: '1 with sentinel, else 0',
  },
  downAfterMs: ms(100, 'Sentinel: how long the primary is silent before it is called down.', 1000, 1000),
  failoverTimeoutMs: ms(1000, 'Sentinel: failover timeout.', 5000, 5000),
} satisfies FieldTable;

/** `target.lab.jwt`. */
export const LAB_JWT_FIELDS = {
  revocation: bool(
    'A revocation list in Redis, so a logout takes effect before the token expires.',
    true,
    false,
  ),
} satisfies FieldTable;

/** `target.lab.tomcat` (strategy `tomcat`: Tomcat 10.1 nodes in a SimpleTcpCluster, FORM login). */
export const LAB_TOMCAT_FIELDS = {
  replication: {
    ...oneOf(LAB_TOMCAT_REPLICATIONS),
    description: 'DeltaManager (every node holds every session) or BackupManager (one backup a session).',
    example: 'backup',
    default: 'delta',
  },
  sync: bool("Replicate before answering (Tomcat's channelSendOptions synchronous).", true, false),
} satisfies FieldTable;

/** `target.lab.health`: the balancer's health checks. */
export const LAB_HEALTH_FIELDS = {
  interMs: ms(50, 'Time between two checks of a node.', 1000, 500),
  fall: {
    ...whole(1, 100),
    description: 'Failed checks before a node is taken out.',
    example: 3,
    default: 2,
  },
  rise: { ...whole(1, 100), description: 'Passed checks before it is put back.', example: 2, default: 1 },
} satisfies FieldTable;

/** `target.lab`: the built-in reference cluster. Everything but `strategy` has a default. */
export const LAB_FIELDS = {
  strategy: {
    ...oneOf(LAB_STRATEGY_NAMES),
    // One sentence per registered strategy, so the reference documents each (the lab journey follows).
    description: `How the app nodes keep sessions. ${LAB_STRATEGY_REGISTRY.map((s) => `\`${s.name}\`: ${s.description}`).join(' ')}`,
    example: 'redis',
    required: true,
  },
  nodes: {
    ...whole(1, LAB_MAX_NODES),
    description: 'App nodes behind the balancer.',
    example: 3,
    default: 3,
  },
  sticky: {
    ...oneOf(LAB_STICKY_MODES),
    description:
      'How the balancer pins users: not at all, by an inserted SERVERID cookie, or by source-IP hash.',
    example: 'cookie',
    defaultText: '`cookie` for sticky and tomcat, else `none`',
  },
  replication: {
    type: 'object',
    description: 'Strategy `replicated` only.',
    example: { mode: 'all-to-all', sync: false, lagMs: 300 },
    fields: LAB_REPLICATION_FIELDS,
  },
  redis: {
    type: 'object',
    description: 'Strategies `redis`, and `jwt` with revocation.',
    example: { topology: 'sentinel', replicas: 1 },
    fields: LAB_REDIS_FIELDS,
  },
  jwt: {
    type: 'object',
    description: 'Strategy `jwt` only.',
    example: { revocation: true },
    fields: LAB_JWT_FIELDS,
  },
  tomcat: {
    type: 'object',
    description: 'Strategy `tomcat` only.',
    example: { replication: 'delta', sync: true },
    fields: LAB_TOMCAT_FIELDS,
  },
  balancer: {
    ...oneOf(LAB_BALANCERS),
    description:
      '`nginx` maps sticky `source` to ip_hash and `cookie` to a hash of the session cookie; passive health checks only.',
    example: 'nginx',
    default: 'haproxy',
  },
  health: {
    type: 'object',
    description: "The balancer's health checks.",
    example: { interMs: 500, fall: 2 },
    fields: LAB_HEALTH_FIELDS,
  },
  images: {
    ...oneOf(LAB_IMAGE_MODES),
    description:
      'Where images come from: registry images, assembled from binaries on this machine, or whichever works.',
    example: 'official',
    defaultText: '$SESSIONCHAOS_IMAGES, else `auto`',
  },
} satisfies FieldTable;
