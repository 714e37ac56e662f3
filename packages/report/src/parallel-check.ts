import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  BinaryHistoryError,
  concludeRun,
  RunMeasure,
  type CheckOptions,
  type RunAnalysis,
  type Threshold,
} from '@sessionchaos/core';
import type { CheckJob, CheckReply } from './check-worker.ts';
import { eachHistoryOp, type HistoryChoice } from './history-reader.ts';

/**
 * Below this many bytes of binary history, one thread re-checks it: a thread's start (and its
 * modules' load) costs more than it saves. 8 MiB is some 250,000 ops.
 */
export const PARALLEL_CHECK_BYTES = 8 << 20;

/** Whether a history of `bytes` is re-checked on two threads on this machine. */
export function checksInParallel(
  choice: HistoryChoice,
  bytes: number,
  above = PARALLEL_CHECK_BYTES,
): boolean {
  return choice.source === 'binary' && bytes >= above && availableParallelism() > 1;
}

/**
 * Re-checks a binary history on two threads: a worker reads it and runs the checkers, this
 * thread reads it too and takes the metrics and coverage, and the two are joined as one pass
 * would have (concludeRun). Each thread decodes the file itself: decoding is a fifth of the
 * work, and ops cannot cross threads cheaper than they are decoded. Throws the worker's
 * {@link BinaryHistoryError} when the file turns out bad, so the caller reads the NDJSON.
 */
export async function analyzeInParallel(
  choice: HistoryChoice,
  options: CheckOptions,
  notes: string[],
  thresholds: readonly Threshold[],
  durationMs: number | undefined,
): Promise<RunAnalysis> {
  const file = import.meta.url.endsWith('.ts') ? './check-worker.ts' : './check-worker.js';
  const job: CheckJob = { choice, options };
  const worker = new Worker(new URL(file, import.meta.url), { workerData: job });
  const reply = new Promise<CheckReply>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the checker thread exited with ${code} before answering`)),
    );
  });
  // Without a handler, a worker failing while this thread still reads would be an unhandled rejection.
  reply.catch(() => {});
  try {
    const measure = new RunMeasure(options);
    await eachHistoryOp(choice, notes, (op) => measure.feed(op));
    const answer = await reply;
    if (!answer.ok) {
      throw answer.binary ? new BinaryHistoryError(answer.message) : new Error(answer.message);
    }
    return concludeRun(measure, answer.check, answer.lostVus, thresholds, durationMs);
  } finally {
    await worker.terminate();
  }
}
