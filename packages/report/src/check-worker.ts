import { parentPort, workerData } from 'node:worker_threads';
import { BinaryHistoryError, HistoryChecker, type CheckOptions, type CheckResult } from '@sessionchaos/core';
import { eachHistoryOp, type HistoryChoice } from './history-reader.ts';

/** What the re-check's checker thread is given. */
export interface CheckJob {
  choice: HistoryChoice;
  options: CheckOptions;
}

/** What it answers: the checkers' result and the VUs that lost a session, or why it could not. */
export type CheckReply =
  { ok: true; check: CheckResult; lostVus: number[] } | { ok: false; binary: boolean; message: string };

/**
 * The checker thread of a parallel re-check (parallel-check.ts): reads the history itself and
 * runs every checker over it, while the main thread reads it too for the metrics and coverage.
 */
async function checkJob(job: CheckJob): Promise<CheckReply> {
  const lost = new Set<number>();
  const checker = new HistoryChecker(job.options, undefined, (kind, _time, _count, vu) => {
    if (kind === 'lost-session' && vu !== null) lost.add(vu);
  });
  try {
    await eachHistoryOp(job.choice, [], (op) => checker.feed(op));
    return { ok: true, check: checker.finish(), lostVus: [...lost] };
  } catch (error) {
    return { ok: false, binary: error instanceof BinaryHistoryError, message: (error as Error).message };
  }
}

parentPort?.postMessage(await checkJob(workerData as CheckJob));
