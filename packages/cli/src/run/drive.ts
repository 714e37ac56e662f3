import { randomBytes } from 'node:crypto';
import {
  composeTargetName,
  isVuOp,
  resolveCheckOptions,
  RunAnalyzer,
  type Interruption,
  type Op,
} from '@sessionchaos/core';
import { createDashboard, createProgressReporter, type LiveReporter } from '@sessionchaos/dashboard';
import { FaultRunner, HealJournal } from '@sessionchaos/faults';
import type { StartedLabCluster } from '@sessionchaos/lab';
import { HistoryWriter, writeRunMeta, type RunMeta } from '@sessionchaos/report';
import { defaultIteration, startRun, type Iteration, type RunHandle } from '@sessionchaos/traffic';
import { EXIT } from '../exit-codes.ts';
import { conclude } from './conclude.ts';
import { dashboardCommands } from './dashboard-commands.ts';
import { setupFaultDrivers, type FaultDrivers } from './fault-drivers.ts';
import { externalNodesTarget } from './key-faults.ts';
import { tightenHeapGrowth } from './heap-growth.ts';
import { labVictimResolver } from './lab-victims.ts';
import { nodeOrigins } from './node-origins.ts';
import { PauseGate } from './pause-gate.ts';
import { ProbeLoop } from './probe-loop.ts';
import { scheduleMeterStop } from './run-meter.ts';
import { runMeta } from './run-meta.ts';
import type { RunPlan } from './run-plan.ts';
import type { RunInvocation } from './run-invocation.ts';
import { SessionTracker } from './session-tracker.ts';

/**
 * The drive phase of a {@link Run}: the traffic, the fault runner, the probes and the live view over
 * one history, each op recorded, analysed live and shown as it completes. {@link conclude} ends it.
 */
export class Drive {
  readonly #writer: HistoryWriter;
  readonly #analyzer: RunAnalyzer;
  readonly #tracker = new SessionTracker();
  readonly #gate = new PauseGate();
  readonly #live: LiveReporter;
  readonly #startedAt = new Date().toISOString();
  #handle: RunHandle | null = null;
  #runner: FaultRunner | null = null;
  #probes: ProbeLoop | null = null;
  #metering: { finish(): Promise<void> } | null = null;
  #concluding: Promise<number> | null = null;
  /** The load was stopped before its plan ended: by whom, and when (run clock). */
  #stoppedEarly: { by: 'signal' | 'user'; atMs: number } | null = null;
  /** The load ended by itself (its duration or its iterations). */
  #loadDone = false;

  private readonly inv: RunInvocation;
  private readonly plan: RunPlan;
  private readonly url: string;
  private readonly lab: StartedLabCluster | null;
  private readonly faults: FaultDrivers;

  private constructor(
    inv: RunInvocation,
    plan: RunPlan,
    url: string,
    lab: StartedLabCluster | null,
    faults: FaultDrivers,
  ) {
    this.inv = inv;
    this.plan = plan;
    this.url = url;
    this.lab = lab;
    this.faults = faults;
    this.#writer = new HistoryWriter(`${inv.outDir}/history.ndjson`);
    // Progress lines go to stderr with the other progress; stdout keeps the final lines only.
    const tty = inv.dashboard && inv.stdout.isTTY === true && inv.stdin.isTTY === true;
    const now = (): number => this.now();
    this.#live = tty
      ? createDashboard({
          stdout: inv.stdout,
          stdin: inv.stdin,
          now,
          controls: {
            command: dashboardCommands({
              lab,
              externalNodes: lab ? undefined : externalNodesTarget(inv.loaded.scenario),
              gate: this.#gate,
              now,
              notice: (m) => this.notice(m),
              stop: () => this.stopEarly('user'),
              faults: () => this.#runner,
            }),
          },
        })
      : createProgressReporter({ write: (line) => void inv.err.write(`${line}\n`), now });
    this.#analyzer = new RunAnalyzer(plan.checkOptions, undefined, (kind, time, count, vu) =>
      this.#live.finding(kind, time, count, vu),
    );
  }

  /** Sets up the fault drivers (the engine's and Redis's when needed); a failure is the caller's to report. */
  static async setUp(
    inv: RunInvocation,
    plan: RunPlan,
    url: string,
    lab: StartedLabCluster | null,
  ): Promise<{ ok: true; drive: Drive } | { ok: false; message: string }> {
    try {
      const faults = await setupFaultDrivers(inv.loaded.scenario, lab);
      return { ok: true, drive: new Drive(inv, plan, url, lab, faults) };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }

  /** The run clock (ms since the traffic started; 0 before). */
  now(): number {
    return this.#handle?.context.recorder.now() ?? 0;
  }

  /** A line for the live view. */
  notice(message: string): void {
    this.#live.notice(message);
  }

  #record = (op: Op): void => {
    this.#writer.add(op);
    this.#analyzer.feed(op);
    if (isVuOp(op)) this.#tracker.feed(op);
    this.#live.add(op);
  };

  /** Runs the load (from `--start-at`, if given) with the planned faults and probes, until it ends. */
  async run(): Promise<void> {
    const { inv, plan, lab } = this;
    const s = inv.loaded.scenario;
    // Written now, and again at the end: a run cut off by SIGKILL or a second Ctrl-C (or a shard
    // killed while it waits for its start) leaves a directory that `report` and `merge` can read.
    await writeRunMeta(inv.outDir, this.meta(0, false));
    if (inv.startAt !== undefined && inv.startAt > Date.now()) {
      inv.err.write(`waiting for the start instant ${new Date(inv.startAt).toISOString()}\n`);
      await new Promise((r) => setTimeout(r, inv.startAt! - Date.now()));
    }
    if (this.#concluding) return;
    if (inv.meter && lab) await inv.meter.start(lab);
    const gate = this.#gate;
    const iteration: Iteration = async (vu, ctx, think) => {
      if (gate.paused) await Promise.race([gate.wait(), ctx.stop.sleep(2 ** 31 - 1)]);
      if (!ctx.stop.stopping) await defaultIteration(vu, ctx, think);
    };
    // A load run's heap would otherwise grow to 4x what it holds alive (see heap-growth.ts).
    tightenHeapGrowth();
    const handle = (this.#handle = startRun({
      ...(inv.shard ? { shard: inv.shard } : {}),
      target: this.url,
      load: s.load,
      journey: s.journey,
      seed: inv.seed,
      sink: this.#record,
      iteration,
      ...bodyLimit(),
    }));
    const now = (): number => this.now();
    this.#runner = new FaultRunner({
      drivers: this.faults.drivers,
      resolveVictims: labVictimResolver({
        seed: inv.seed,
        lab,
        redis: this.faults.redis,
        liveSessions: () => this.#tracker.counts(),
      }),
      journal: new HealJournal(lab?.runId ?? `run-${randomBytes(4).toString('hex')}`),
      now,
      record: this.#record,
    });
    this.#probes = plan.probes
      ? new ProbeLoop({
          context: handle.context,
          seed: inv.seed,
          everyMs: s.probeEveryMs!,
          firstVu: plan.maxVus + 1,
          replayDelayMs: resolveCheckOptions(plan.checkOptions).logoutGraceMs + 250,
          nodeOrigins: () => nodeOrigins(lab, s.target.kind === 'url' ? s.target.nodeUrls : []),
        })
      : null;
    this.#live.start({
      scenario: s.name,
      target: this.url,
      strategy: lab ? lab.spec.strategy : null,
      seed: inv.seed,
      durationMs: s.load.durationMs ?? 0,
      nodes: lab ? lab.nodes.map((n) => n.name) : [],
      redis: lab?.redis
        ? {
            primary: lab.redis.primary.name,
            replicas: lab.redis.replicas.map((r) => r.name),
            sentinels: lab.redis.sentinels.length,
          }
        : null,
      plannedFaults: plan.faults.map((p) => ({
        key: p.key,
        action: p.spec.action,
        target:
          p.spec.target.role ??
          p.spec.target.container ??
          p.spec.target.label ??
          (p.spec.target.compose ? composeTargetName(p.spec.target.compose) : 'hook'),
        startMs: p.startMs,
        endMs: p.endMs,
      })),
      interactive: lab !== null || externalNodesTarget(s) !== undefined,
      loginPath: resolveCheckOptions(plan.checkOptions).loginPath,
    });
    // The end sample comes before the first fault: a killed node takes its memory and its counters with it.
    this.#metering =
      inv.meter && lab ? scheduleMeterStop(inv.meter, lab, plan.faults[0]?.startMs ?? plan.runMs, now) : null;
    this.#runner.start(plan.faults);
    this.#probes?.start();
    await handle.done;
    if (this.#stoppedEarly === null) this.#loadDone = true;
  }

  /**
   * Stops the load before its plan ended (`signal`: Ctrl-C or SIGTERM; `user`: `q`), so that the run is
   * judged `interrupted`. Once the load reached its end (its duration passed, in-flight requests in their
   * grace, or its iterations done), stopping changes nothing: the plan ran whole.
   */
  stopEarly(by: 'signal' | 'user'): void {
    const handle = this.#handle;
    if (handle && !this.#loadDone && !handle.context.stop.stopping && this.#stoppedEarly === null)
      this.#stoppedEarly = { by, atMs: this.now() };
    handle?.stop();
  }

  /** What run.json says about how the run ended: `unfinished` until it concludes. */
  #interruption(concluded: boolean): Interruption | undefined {
    const plan = {
      ...(this.inv.loaded.scenario.load.durationMs !== undefined
        ? { plannedMs: this.inv.loaded.scenario.load.durationMs }
        : {}),
      plannedFaults: this.plan.faults.map((f) => ({ id: f.key, action: f.spec.action, startMs: f.startMs })),
    };
    if (!concluded) return { by: 'unfinished', ...plan };
    const early = this.#stoppedEarly;
    return early ? { by: early.by, atMs: Math.round(early.atMs), ...plan } : undefined;
  }

  /**
   * The run's metadata (run.json) for a run that lasted `durationMs`; before it `concluded`, it says
   * the run is `unfinished`, so a run killed half-way is judged `interrupted` by `report` and `merge`.
   */
  meta(durationMs: number, concluded = true): RunMeta {
    const interrupted = this.#interruption(concluded);
    return runMeta(this.inv, this.url, this.lab, this.plan, {
      startedAt: this.#startedAt,
      durationMs,
      clockZeroEpochMs: this.#handle
        ? performance.timeOrigin + this.#handle.context.recorder.toClock(0)
        : undefined,
      ...(interrupted !== undefined ? { interrupted } : {}),
    });
  }

  /**
   * Stops the traffic, the probes and the faults (healed), checks and gates the history, writes the
   * reports and the final lines: once, whether the load ended by itself, by `q` or by a signal.
   */
  conclude(): Promise<number> {
    return (this.#concluding ??= this.#conclude());
  }

  async #conclude(): Promise<number> {
    const handle = this.#handle;
    // Interrupted while waiting for the start instant: nothing ran, nothing to judge.
    if (!handle) return EXIT.environment;
    handle.stop();
    this.#gate.resume();
    const totals = await handle.done;
    await this.#metering?.finish();
    await this.#probes?.stop();
    await this.#runner?.stop();
    return conclude({
      inv: this.inv,
      writer: this.#writer,
      analyzer: this.#analyzer,
      live: this.#live,
      totals,
      meta: (durationMs) => this.meta(durationMs),
      thresholds: this.inv.loaded.scenario.thresholds,
    });
  }
}

/**
 * `SESSIONCHAOS_MAX_BODY_BYTES`: the prefix of each response body kept for captures and checks
 * (default 1 MiB). A page a capture needs past that would be missed, so it can be raised.
 */
function bodyLimit(): { maxBodyBytes?: number } {
  const n = Number(process.env.SESSIONCHAOS_MAX_BODY_BYTES);
  return Number.isSafeInteger(n) && n >= 1024 ? { maxBodyBytes: n } : {};
}
