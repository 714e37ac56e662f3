import { appendFileSync, chmodSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import type { UndoStep } from './fault-driver.ts';

/** Where heal journals live unless told otherwise. */
export function defaultJournalDir(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env['SESSIONCHAOS_STATE_DIR'] ??
    join(env['XDG_STATE_HOME'] ?? join(homedir(), '.local', 'state'), 'sessionchaos', 'heal')
  );
}

/** Who wrote a journal: its run, its process and the host, so `heal` leaves a live run alone. */
export interface JournalOwner {
  runId: string;
  pid: number;
  host: string;
  startedAt: string;
}

type Line =
  { key: string; driver: string; step: UndoStep } | { key: string; healed: true } | { owner: JournalOwner };

/** An undo step not yet applied, as read back from a journal. */
export interface PendingUndo {
  runId: string;
  /** The journal's writer; absent in a journal written before journals named their owner. */
  owner?: JournalOwner;
  key: string;
  driver: string;
  step: UndoStep;
}

/**
 * Append-only record of how to heal each applied fault, written (synchronously) BEFORE the fault
 * takes effect, so that `sessionchaos heal` can restore a cluster after the process running the
 * faults was killed. One NDJSON file per run; removed once everything in it is healed.
 */
export class HealJournal {
  readonly runId: string;
  readonly dir: string;
  readonly file: string;
  readonly #open = new Set<string>();
  #started = false;

  constructor(runId: string, dir: string = defaultJournalDir()) {
    this.runId = runId;
    this.dir = dir;
    this.file = join(dir, `${runId}.ndjson`);
  }

  /** Notes an undo step for fault `key` of `driver`. */
  add(key: string, driver: string, step: UndoStep): void {
    this.#write({ key, driver, step });
    this.#open.add(key);
  }

  /** Notes that fault `key` is healed; removes the file when nothing is left open. */
  healed(key: string): void {
    if (!this.#open.delete(key)) return;
    this.#write({ key, healed: true });
    if (this.#open.size === 0) rmSync(this.file, { force: true });
  }

  #write(line: Line): void {
    if (!this.#started) {
      // Owner-only: journals hold heal hook commands, which may carry hosts and credentials.
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      try {
        chmodSync(this.dir, 0o700);
      } catch {
        // A shared directory someone else owns: the file's own mode still protects it.
      }
      const owner: JournalOwner = {
        runId: this.runId,
        pid: process.pid,
        host: hostname(),
        startedAt: new Date().toISOString(),
      };
      appendFileSync(this.file, `${JSON.stringify({ owner })}\n`, { mode: 0o600 });
      this.#started = true;
    }
    appendFileSync(this.file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
  }
}

/** Every undo step left unapplied in the journals of `dir`, newest step of each run first (undo order). */
export function readPendingUndos(dir: string = defaultJournalDir()): PendingUndo[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.ndjson'));
  } catch {
    return [];
  }
  const pending: PendingUndo[] = [];
  for (const file of files.sort()) {
    const runId = file.slice(0, -'.ndjson'.length);
    const steps: PendingUndo[] = [];
    const healed = new Set<string>();
    let owner: JournalOwner | undefined;
    for (const text of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!text.trim()) continue;
      let line: Line;
      try {
        line = JSON.parse(text) as Line;
      } catch {
        continue; // A line torn by a crash mid-write: the step before it is still there.
      }
      if ('owner' in line) owner = line.owner;
      else if ('healed' in line) healed.add(line.key);
      else steps.push({ runId, key: line.key, driver: line.driver, step: line.step });
    }
    pending.push(
      ...steps
        .filter((s) => !healed.has(s.key))
        .reverse()
        .map((s) => (owner ? { ...s, owner } : s)),
    );
  }
  return pending;
}

/** Removes a run's journal once `heal` restored all of it. */
export function removeJournal(runId: string, dir: string = defaultJournalDir()): void {
  rmSync(join(dir, `${runId}.ndjson`), { force: true });
}

/**
 * Whether the run that wrote a journal still runs: its process is alive on this host. A journal
 * from another host cannot be checked, so it counts as live (healing a run mid-fault is worse than
 * leaving a leftover for that host's own `heal`).
 */
export function ownerIsLive(owner: JournalOwner | undefined, host: string = hostname()): boolean {
  if (owner === undefined) return false;
  if (owner.host !== host) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
