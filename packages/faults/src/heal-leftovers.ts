import type { FaultDriver } from './fault-driver.ts';
import { defaultJournalDir, ownerIsLive, readPendingUndos, removeJournal } from './heal-journal.ts';

/** What `sessionchaos heal` did with one leftover step. */
export interface HealOutcome {
  runId: string;
  key: string;
  ok: boolean;
  message: string;
  /** Left alone on purpose: the run still runs, or an exec hook was not allowed. */
  skipped?: 'live-run' | 'exec-not-allowed';
}

/** What `heal` may do: exec heal hooks run only when allowed (a journal file can come from anywhere). */
export interface HealOptions {
  allowExec?: boolean;
  /** Whether a journal's run still runs (default: its process is alive on this host). */
  isLive?: typeof ownerIsLive;
}

/**
 * Applies every undo step a crashed run left in its heal journal (newest first), through the
 * driver that wrote it, and removes the journals that are fully healed. Steps that fail stay in
 * the journal, so running it again retries them.
 */
export async function healLeftovers(
  drivers: readonly FaultDriver[],
  dir: string = defaultJournalDir(),
  options: HealOptions = {},
): Promise<HealOutcome[]> {
  const outcomes: HealOutcome[] = [];
  const failedRuns = new Set<string>();
  const runs = new Set<string>();
  const isLive = options.isLive ?? ownerIsLive;
  const live = new Set<string>();
  for (const pending of readPendingUndos(dir)) {
    const { runId, key, owner } = pending;
    if (live.has(runId) || isLive(owner)) {
      // A run in progress heals its own faults; touching them would end its fault mid-window.
      if (!live.has(runId))
        outcomes.push({
          runId,
          key: '*',
          ok: true,
          skipped: 'live-run',
          message: `still running (pid ${owner!.pid} on ${owner!.host}): left alone`,
        });
      live.add(runId);
      continue;
    }
    runs.add(runId);
    if (pending.step.kind === 'exec' && options.allowExec !== true) {
      failedRuns.add(runId);
      outcomes.push({
        runId,
        key,
        ok: false,
        skipped: 'exec-not-allowed',
        // The hook itself is named: the user reads it before trusting it with --allow-exec.
        message: `a shell heal hook (${pending.step.command}); run it with sessionchaos heal --allow-exec`,
      });
      continue;
    }
    const driver = drivers.find((d) => d.name === pending.driver);
    try {
      if (!driver) throw new Error(`no ${pending.driver} driver available to heal with`);
      const message = (await driver.undo(pending.step)) ?? 'healed';
      outcomes.push({ runId: pending.runId, key: pending.key, ok: true, message });
    } catch (error) {
      failedRuns.add(pending.runId);
      outcomes.push({ runId: pending.runId, key: pending.key, ok: false, message: (error as Error).message });
    }
  }
  for (const runId of runs) if (!failedRuns.has(runId)) removeJournal(runId, dir);
  return outcomes;
}
