import type { StartedLabCluster } from '@sessionchaos/lab';
import type { JourneyCheck } from '@sessionchaos/traffic';
import { EXIT } from '../exit-codes.ts';
import type { Drive } from './drive.ts';
import { preflightWalk } from './preflight-walk.ts';
import type { RunInvocation } from './run-invocation.ts';
import { planRun, type RunPlan } from './run-plan.ts';
import { removeLab, startTarget } from './start-target.ts';

/**
 * How the start phase ended: a target ready, or the exit code (and why, for the caller to say). With the preflight, `blocked` is the
 * walk of a journey that cannot work against the target (no load may be sent; the caller explains it).
 */
export type Started =
  | { ok: true; url: string; lab: StartedLabCluster | null; blocked?: JourneyCheck }
  | { ok: false; code: number; message?: string };

/**
 * One run of a scenario, in the phases every command composes (`run`, `compare`, a shard, `journey`):
 *
 * - **plan** (in the constructor, nothing started): the fault schedule, the checkers' options, the users;
 * - **start**: the lab started (or the URL asked), and the journey walked once before any load;
 * - **drive**: traffic, faults, probes and the live view, until the load ends or the run is interrupted;
 * - **conclude**: traffic stopped, faults healed, the history checked and gated, the reports written;
 * - **close**: the lab removed (unless kept), whatever happened before.
 *
 * {@link interrupt} (Ctrl-C, SIGTERM) is safe in any phase: during start it removes what was started,
 * during drive it concludes with what ran.
 */
export class Run {
  readonly plan: RunPlan;
  #lab: StartedLabCluster | null = null;
  #labRunId: string | null = null;
  #labStarting: Promise<StartedLabCluster | null> | null = null;
  #drive: Drive | null = null;
  #interrupted = false;

  readonly inv: RunInvocation;

  constructor(inv: RunInvocation) {
    this.inv = inv;
    this.plan = planRun(inv.loaded, inv.shard);
  }

  /** Whether {@link interrupt} was called. */
  get interrupted(): boolean {
    return this.#interrupted;
  }

  #log(line: string): void {
    this.inv.err.write(`${line}\n`);
  }

  /**
   * Starts the target and, with `preflight`, walks the journey once: a journey that cannot work is
   * explained by the caller (the walk is returned) and no load is sent.
   */
  async start(options: { preflight: boolean }): Promise<Started> {
    const started = await startTarget(
      this.inv.loaded,
      (l) => this.#log(l),
      (runId, l, starting) => {
        this.#labRunId = runId;
        this.#lab = l;
        if (starting) this.#labStarting = starting.catch(() => null);
      },
    );
    if (!started.ok) return { ok: false, code: EXIT.environment, message: started.message };
    if (this.#interrupted) return { ok: false, code: EXIT.environment };
    if (!options.preflight) return { ok: true, url: started.url, lab: started.lab };
    const pre = await preflightWalk(started.url, started.lab, this.inv.loaded.scenario);
    if (!pre.proceed) return { ok: true, url: started.url, lab: started.lab, blocked: pre.walk };
    this.#log(pre.line);
    if (this.#interrupted) return { ok: false, code: EXIT.environment };
    return { ok: true, url: started.url, lab: started.lab };
  }

  /**
   * Drives the load against the started target until it ends by itself, by the dashboard's `q`, or by
   * {@link interrupt}. Resolves with a problem's exit code when the fault drivers could not start.
   */
  async drive(url: string): Promise<{ ok: true } | { ok: false; code: number }> {
    // Loaded here, not at the top: `journey` starts a Run without driving it and needs none of the load's
    // machinery (dashboard, reporters, fault drivers).
    const { Drive: DriveClass } = await import('./drive.ts');
    const drive = await DriveClass.setUp(this.inv, this.plan, url, this.#lab);
    if (!drive.ok) {
      this.#log(`sessionchaos run: the fault drivers could not start - ${drive.message}`);
      return { ok: false, code: EXIT.environment };
    }
    this.#drive = drive.drive;
    if (this.#interrupted) return { ok: true };
    await this.#drive.run();
    return { ok: true };
  }

  /** Stops, heals, checks, gates and reports (once, however the drive ended); resolves with the exit code. */
  async conclude(): Promise<number> {
    if (!this.#drive) return EXIT.environment;
    return this.#drive.conclude();
  }

  /**
   * Ctrl-C or SIGTERM (the process exits after): concludes a drive under way with what ran, then
   * removes the lab, waiting for one still starting (removed whole, started or failed half-way).
   */
  async interrupt(): Promise<void> {
    this.#interrupted = true;
    if (this.#drive) {
      this.#drive.stopEarly('signal');
      this.#drive.notice('interrupted: healing, checking and writing the reports');
      await this.#drive.conclude();
    }
    const settled = this.#labStarting ? await this.#labStarting : this.#lab;
    if (settled) await settled.stop();
    else if (this.#labRunId) await removeLab(this.#labRunId);
  }

  /** Removes the lab the run started, unless `keepLab` (then says how to remove it). */
  async close(): Promise<void> {
    const lab = this.#lab;
    if (lab && !this.inv.keepLab) await lab.stop();
    else if (lab)
      this.#log(`the lab stays up (--keep-lab): remove it with sessionchaos lab down --run ${lab.runId}`);
    else if (this.#labRunId !== null) await removeLab(this.#labRunId);
  }
}
