import type { FaultDriver } from './fault-driver.ts';
import { defaultJournalDir, readPendingUndos, removeJournal } from './heal-journal.ts';

/** What `sessionchaos heal` did with one leftover step. */
export interface HealOutcome {
  runId: string;
  key: string;
  ok: boolean;
  message: string;
}

/**
 * Applies every undo step a crashed run left in its heal journal (newest first), through the
 * driver that wrote it, and removes the journals that are fully healed. Steps that fail stay in
 * the journal, so running it again retries them.
 */
export async function healLeftovers(
  drivers: readonly FaultDriver[],
  dir: string = defaultJournalDir(),
): Promise<HealOutcome[]> {
  const outcomes: HealOutcome[] = [];
  const failedRuns = new Set<string>();
  const runs = new Set<string>();
  for (const pending of readPendingUndos(dir)) {
    runs.add(pending.runId);
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
