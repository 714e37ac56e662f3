import type { FaultAction } from '../history/op.ts';
import { LAB_STORE_ROLES } from '../scenario/lab-strategies/lab-strategy-registry.ts';

/**
 * Roles a fault can target in a cluster the project knows (the lab, or one described by labels). The lab
 * strategies' store containers (`memcached`, ...) come from the lab strategy registry.
 */
export const FAULT_ROLES = [
  'app',
  'balancer',
  'redis-primary',
  'redis-replica',
  'sentinel',
  ...LAB_STORE_ROLES,
] as const;
export type FaultRole = (typeof FAULT_ROLES)[number];

/** Ways to take a Redis primary down: kill its container, ask Sentinel, or stall it (CLIENT PAUSE, DEBUG SLEEP). */
export const FAILOVER_HOWS = ['kill', 'sentinel', 'client-pause', 'debug-sleep'] as const;
export type FailoverHow = (typeof FAILOVER_HOWS)[number];

/** Selectors written as a word; the others are `{percent: N}` and `{name: NAME}`. */
export const NAMED_SELECTORS = ['one', 'all', 'busiest'] as const;

/** How victims are picked among the candidates of a target. */
export type VictimSelector = 'one' | 'all' | 'busiest' | { percent: number } | { name: string };

/**
 * A service of a Docker Compose project: its replicas are the containers the engine holds with the
 * labels `com.docker.compose.project` and `com.docker.compose.service` (set by `docker-compose` and
 * `docker compose` alike).
 */
export interface ComposeTarget {
  project: string;
  service: string;
}

/**
 * What a fault hits: a role of the cluster, a container by name, containers by label (`key=value`),
 * or the replicas of a Compose service.
 */
export interface FaultTarget {
  role?: FaultRole;
  container?: string;
  label?: string;
  compose?: ComposeTarget;
}

/** Parameters some actions take. */
export interface FaultParams {
  /** `stop`: seconds between SIGTERM and SIGKILL. */
  graceSeconds?: number;
  /** `loss`: share of packets dropped, 0 to 100. */
  lossPercent?: number;
  /** `latency`: added delay in ms. */
  latencyMs?: number;
  /**
   * `partition`: cut only these TCP ports, both ways (iptables in the victim's network namespace), instead of
   * every network. Tomcat's replication port (4000) cuts a node from its cluster peers while the balancer still
   * reaches it: the split-brain case.
   */
  ports?: number[];
  /**
   * `partition` of a Compose target: cut the victim only from the other replicas of its service
   * (`peers`) or from the containers of another service of its project (its name), both ways, by
   * their addresses; the rest of its traffic flows.
   */
  from?: string;
  /** `failover`: how the Redis primary is taken down (default `kill`). */
  how?: FailoverHow;
  /** `exec`: shell command, its heal command, and a timeout (also how long `failover` waits for an election). */
  command?: string;
  healCommand?: string;
  timeoutMs?: number;
  /**
   * `exec`: a shell command run after the hook, again until it exits 0 or `confirmTimeoutMs` runs out
   * (default 10 s); exit 0 confirms the hook's effect (`kubectl get pod ... | grep Terminating`).
   * Without it, the hook's own exit 0 is the confirmation.
   */
  confirm?: string;
  confirmTimeoutMs?: number;
}

/** One fault of a scenario: what, on what, when, for how long. Times are ms from the run's start. */
export interface FaultSpec {
  id: string;
  action: FaultAction;
  target: FaultTarget;
  select?: VictimSelector;
  at: number;
  /** Heal after this long; absent: actions with an effect that lasts (pause, partition, loss...) heal at run end. */
  duration?: number;
  /** Repeat every this many ms until the run ends (or `times` occurrences). */
  every?: number;
  times?: number;
  params?: FaultParams;
  /**
   * False: the run may go without this fault's effect (a best-effort hook). By default a fault that
   * did not take effect makes the verdict `unknown`: the run did not test what it planned.
   */
  required?: boolean;
}

/** One planned occurrence of a fault. */
export interface PlannedFault {
  /** `<fault id>#<occurrence>` (occurrence from 1). */
  key: string;
  spec: FaultSpec;
  occurrence: number;
  startMs: number;
  /** When its heal is due (at most the run's end). */
  endMs: number;
}

/** A validation problem, with where it is (`faults[2].action`) and what would be valid. */
export interface FaultSpecError {
  path: string;
  message: string;
}

/** Actions a fault may name in a scenario (`heal` and `unpause` are what faults end with, not faults themselves). */
export const SCENARIO_FAULT_ACTIONS: readonly FaultAction[] = [
  'kill',
  'stop',
  'restart',
  'pause',
  'partition',
  'latency',
  'loss',
  'failover',
  'exec',
];

/**
 * Whether a target names containers of the user's own (by name, label or Compose service) rather than a
 * role of the lab: such a fault needs `--allow-external` and the docker driver.
 */
export function namesContainers(t: FaultTarget): boolean {
  return t.container !== undefined || t.label !== undefined || t.compose !== undefined;
}
