import type { Interruption } from '@sessionchaos/core';
import type { StartedLabCluster } from '@sessionchaos/lab';
import type { RunMeta } from '@sessionchaos/report';
import type { RunPlan } from './run-plan.ts';
import type { RunInvocation } from './run-invocation.ts';

/** When the run started and how long it lasted, by the wall clock and the run clock. */
export interface RunTimes {
  /** ISO instant the drive began. */
  startedAt: string;
  durationMs: number;
  /** Epoch ms at which the run clock read 0 (undefined before the traffic started). */
  clockZeroEpochMs: number | undefined;
  /** The run stopped before its plan ended (or has not ended yet: `unfinished`). */
  interrupted?: Interruption;
}

/** The run's metadata (run.json): what ran, against what, with which seed, gate and checker options. */
export function runMeta(
  inv: RunInvocation,
  url: string,
  lab: StartedLabCluster | null,
  plan: RunPlan,
  times: RunTimes,
): RunMeta {
  const s = inv.loaded.scenario;
  return {
    scenario: { name: s.name, description: s.description, file: inv.loaded.file },
    target: { url, strategy: lab ? lab.spec.strategy : null },
    seed: inv.seed,
    startedAt: times.startedAt,
    durationMs: times.durationMs,
    thresholds: s.thresholds,
    checkOptions: plan.checkOptions,
    ...(s.expect ? { expect: s.expect } : {}),
    nodes: lab ? lab.nodes.map((n) => n.name) : [],
    ...(inv.shard
      ? {
          shard: {
            ...inv.shard,
            // The instant the shard's run clock read 0: the merge aligns the shards' times by it.
            startEpochMs: times.clockZeroEpochMs ?? Date.now(),
            // What the shards agreed on: merge compares the two and names a shard that started late.
            ...(inv.startAt !== undefined ? { agreedStartEpochMs: inv.startAt } : {}),
          },
        }
      : {}),
    ...(times.interrupted !== undefined ? { interrupted: times.interrupted } : {}),
  };
}
