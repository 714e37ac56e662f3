import { LIMITS } from './limits.ts';
import { SpecErrors, type SpecError } from './spec-error.ts';

/** Load model names. */
export const LOAD_MODELS = ['closed', 'open'] as const;

/** What the open model's rate counts. */
export const OPEN_ARRIVALS = ['iterations', 'users'] as const;

/**
 * Closed model: a fixed population of VUs, each starting its next iteration after the previous
 * one and a think time. Bounded by a duration or an iteration count per VU (one is required).
 */
export interface ClosedLoad {
  model: 'closed';
  vus: number;
  /** Think time between steps, ms: a fixed value or a seeded uniform range. */
  thinkMs: number | { min: number; max: number };
  rampUpMs?: number;
  rampDownMs?: number;
  durationMs?: number;
  /** Iterations per VU. */
  iterations?: number;
  /** See {@link DEFAULT_GRACE_MS}. */
  graceMs?: number;
}

/**
 * Open model: iterations start at a fixed rate whatever the target's speed; latency counts from
 * the intended start, and an iteration that finds every VU busy is dropped (and counted).
 */
export interface OpenLoad {
  model: 'open';
  /** Arrivals started per second. */
  ratePerSec: number;
  /**
   * What arrives: an iteration of a VU that may have run before (`iterations`, the default: its
   * jar and login are kept), or a new user with a fresh jar who does one iteration (`users`).
   */
  arrivals?: (typeof OPEN_ARRIVALS)[number];
  maxVus: number;
  durationMs: number;
  thinkMs?: number | { min: number; max: number };
  /** See {@link DEFAULT_GRACE_MS}. */
  graceMs?: number;
}

/**
 * How long requests still in flight when the load's duration ends may take to complete (`load.grace`):
 * past it they are cut and recorded as indeterminate (`info`), so that a target holding requests cannot
 * stretch a run beyond its duration + grace (+ the heal of its faults).
 */
export const DEFAULT_GRACE_MS = 2_000;
/** The longest grace: longer would let a held request keep the run going as if it had no duration. */
export const MAX_GRACE_MS = 60_000;

/** A load model. */
export type LoadSpec = ClosedLoad | OpenLoad;

function checkThink(errors: SpecErrors, at: string, think: unknown): void {
  if (think === undefined) return;
  if (typeof think === 'number') {
    errors.number(at, think, 0, LIMITS.maxDurationMs);
  } else if (typeof think === 'object' && think !== null) {
    const t = think as Record<string, unknown>;
    if (
      errors.number(`${at}.min`, t.min, 0, LIMITS.maxDurationMs) &&
      errors.number(`${at}.max`, t.max, 0, LIMITS.maxDurationMs) &&
      Number(t.max) < Number(t.min)
    ) {
      errors.add(at, 'max must be >= min');
    }
  } else {
    errors.add(at, 'must be a number of ms or {min, max}');
  }
}

/** Validates a load spec, every error at once. */
export function validateLoad(spec: LoadSpec, at = 'load'): SpecError[] {
  const errors = new SpecErrors();
  const s = spec as unknown as Record<string, unknown>;
  if (typeof s !== 'object' || s === null) return [{ path: at, message: 'must be an object' }];
  errors.oneOf(`${at}.model`, s.model, LOAD_MODELS);
  if (s.graceMs !== undefined) errors.number(`${at}.graceMs`, s.graceMs, 0, MAX_GRACE_MS);
  if (s.model === 'closed') {
    errors.whole(`${at}.vus`, s.vus, 1, LIMITS.maxUsers);
    errors.number(`${at}.rampUpMs`, s.rampUpMs ?? 0, 0, LIMITS.maxDurationMs);
    errors.number(`${at}.rampDownMs`, s.rampDownMs ?? 0, 0, LIMITS.maxDurationMs);
    if (s.durationMs === undefined && s.iterations === undefined) {
      errors.add(at, 'needs durationMs or iterations: every run is bounded');
    }
    if (s.durationMs !== undefined) errors.number(`${at}.durationMs`, s.durationMs, 1, LIMITS.maxDurationMs);
    if (s.iterations !== undefined) errors.whole(`${at}.iterations`, s.iterations, 1, LIMITS.maxIterations);
    checkThink(errors, `${at}.thinkMs`, s.thinkMs);
  } else if (s.model === 'open') {
    errors.number(`${at}.ratePerSec`, s.ratePerSec, LIMITS.minRate, LIMITS.maxRate);
    errors.whole(`${at}.maxVus`, s.maxVus, 1, LIMITS.maxUsers);
    if (s.arrivals !== undefined) errors.oneOf(`${at}.arrivals`, s.arrivals, OPEN_ARRIVALS);
    if (s.durationMs === undefined) errors.add(`${at}.durationMs`, 'is required: every run is bounded');
    else errors.number(`${at}.durationMs`, s.durationMs, 1, LIMITS.maxDurationMs);
    checkThink(errors, `${at}.thinkMs`, s.thinkMs);
  }
  return errors.list;
}
