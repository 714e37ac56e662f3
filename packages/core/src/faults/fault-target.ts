import { LAB_STORE_ROLES } from '../scenario/lab-strategies/lab-strategy-registry.ts';

/**
 * Roles a fault can target in a cluster the project knows (the lab, or one described by labels). The lab
 * strategies' store containers (`memcached`, `postgres`, ...) come from the lab strategy registry.
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
