import {
  JWT_STRATEGY,
  MEMCACHED_STRATEGY,
  MEMORY_STRATEGY,
  REDIS_STRATEGY,
  REPLICATED_STRATEGY,
  STICKY_STRATEGY,
  TOMCAT_STRATEGY,
} from './builtin-strategies.ts';
import { POSTGRES_STRATEGY } from './postgres-strategy.ts';
import { DEFAULT_JOURNEY, type JourneySpec } from '../journey.ts';
import type { LabStrategyDefinition } from './lab-strategy.ts';

/**
 * Every lab strategy, one line each: the scenario schema's `target.lab.strategy`, the fault roles of their store
 * containers, the lab journey, `sessionchaos lab --help` and the compare table read this list, in this order.
 */
export const LAB_STRATEGY_REGISTRY = [
  MEMORY_STRATEGY,
  STICKY_STRATEGY,
  REPLICATED_STRATEGY,
  REDIS_STRATEGY,
  JWT_STRATEGY,
  TOMCAT_STRATEGY,
  MEMCACHED_STRATEGY,
  POSTGRES_STRATEGY,
] as const;

/** The name of a registered lab strategy. */
export type LabStrategyName = (typeof LAB_STRATEGY_REGISTRY)[number]['name'];

/** The session strategies the lab can run (the lab package's `LAB_STRATEGIES`). */
export const LAB_STRATEGY_NAMES: readonly LabStrategyName[] = LAB_STRATEGY_REGISTRY.map((s) => s.name);

/** The fault roles the registered strategies' store containers take (`memcached`, ...). */
export const LAB_STORE_ROLES: readonly string[] = LAB_STRATEGY_REGISTRY.flatMap((s) => s.storeRoles);

/** The definition of a strategy, or undefined for an unknown name. */
export function labStrategy(name: string): LabStrategyDefinition | undefined {
  return LAB_STRATEGY_REGISTRY.find((s) => s.name === name);
}

/**
 * The journey a lab strategy speaks: the one place a lab strategy supplies its own (a scenario with a
 * `target.lab` has no `journey` of its own). Strategies that run the lab app speak DEFAULT_JOURNEY.
 */
export function labJourney(strategy: string): JourneySpec {
  return labStrategy(strategy)?.journey ?? DEFAULT_JOURNEY;
}
