import type { CheckOptions } from '@sessionchaos/core';

/**
 * Shape of a broken-target run, shared by the direct runs and the CLI ones: 6 s on 127.0.0.1, the bug on for
 * half of it, so that a machine that stalls for a second (CPU steal, a slow hook spawn) still sees it.
 */
export const BROKEN_RUN = {
  users: 20,
  durationMs: 6_000,
  thinkMs: 50,
  /** Ms between two probe rounds (concurrent writes, logout replay on every node, fixation). */
  probeEveryMs: 1_000,
  /** The bug's window: on at 1.5 s (after the first judged windows set the baselines), off 3 s later. */
  bugAtMs: 1_500,
  bugForMs: 3_000,
} as const;

/** Checker options of the broken-target runs (the scenarios in scenarios/ that need them say why too). */
export const BROKEN_TARGET_CHECK = {
  // The broken target applies a logout at once: judge replays of the old cookie with no grace (the
  // direct runs replay right after the logout, the CLI's probe loop 250 ms after it).
  logoutGraceMs: 0,
  // Short runs: judge node shares every 2 s rather than every 10 s.
  hotspotWindowMs: 2_000,
  // ...over 40 requests or more: a slow machine may serve fewer than the default 100 in 2 s.
  hotspotMinSamples: 40,
} as const satisfies CheckOptions;
