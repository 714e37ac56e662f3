import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import {
  isVuOp,
  planSchedule,
  resolveCheckOptions,
  RunAnalyzer,
  runsFaults,
  type Op,
  type Shard,
} from '@sessionchaos/core';
import {
  createDashboard,
  createProgressReporter,
  type DashboardCommand,
  type LiveReporter,
} from '@sessionchaos/dashboard';
import {
  DockerDriver,
  ExecDriver,
  FaultRunner,
  HealJournal,
  healOnSignals,
  RedisDriver,
  type FaultDriver,
} from '@sessionchaos/faults';
import { labRuntime, type StartedLabCluster } from '@sessionchaos/lab';
import { HistoryWriter, writeReports, writeRunMeta, type RunMeta } from '@sessionchaos/report';
import {
  checkJourney,
  defaultIteration,
  type JourneyCheck,
  startRun,
  type Iteration,
  type RunHandle,
} from '@sessionchaos/traffic';
import { EXIT } from '../exit-codes.ts';
import type { LoadedScenario } from '../scenario-file.ts';
import { externalNodesTarget, isKeyFault, keyFault } from './key-faults.ts';
import { labVictimResolver } from './lab-victims.ts';
import { nodeOrigins } from './node-origins.ts';
import { checkOutDir } from './out-dir.ts';
import { PauseGate } from './pause-gate.ts';
import { ProbeLoop } from './probe-loop.ts';
import { finalLines } from './final-lines.ts';
import { explainJourney } from '../journey/explain-journey.ts';
import { removeLab, startTarget } from './start-target.ts';
import { SessionTracker } from './session-tracker.ts';
import { tightenHeapGrowth } from './heap-growth.ts';

/** Everything `sessionchaos run` decided before starting. */
export interface RunInvocation {
  loaded: LoadedScenario;
  seed: number;
  outDir: string;
  dashboard: boolean;
  keepLab: boolean;
  /** This process's shard of the run (`--shard K/N`). */
  shard?: Shard;
  /** Wall-clock instant (epoch ms) the traffic starts at (`--start-at`). */
  startAt?: number;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  out: Writable;
  err: Writable;
}

/** Plan length when the load is bounded by iterations rather than time: faults still heal at the end. */
const OPEN_ENDED_MS = 24 * 3_600_000;

const VERDICT_EXIT = { pass: EXIT.pass, fail: EXIT.fail, unknown: EXIT.unknown } as const;

/**
 * Runs a scenario end to end: starts the lab (or checks the target), runs traffic, probes and
 * faults, heals, checks and gates the history, writes the reports, and removes the lab. Ctrl-C
 * (or SIGTERM) stops the traffic, heals, writes the reports of what ran and removes the lab.
 */
export async function runScenario(inv: RunInvocation): Promise<number> {
  const { scenario: s } = inv.loaded;
  const log = (line: string): boolean => inv.err.write(`${line}\n`);
  const outProblem = checkOutDir(inv.outDir);
  if (outProblem !== undefined) {
    log(`sessionchaos run: ${outProblem}`);
    return EXIT.usage;
  }
  let lab: StartedLabCluster | null = null;
  let labRunId: string | null = null;
  let labStarting: Promise<StartedLabCluster | null> | null = null;
  let interrupted = false;
  // The run proper registers how to stop its traffic; until then an interrupt only has the lab to remove.
  let stopTraffic = async (): Promise<void> => {};
  const shutdown = async (): Promise<void> => {
    interrupted = true;
    await stopTraffic();
    // A lab still starting is waited for, then removed whole (started, or failed half-way).
    const settled = labStarting ? await labStarting : lab;
    if (settled) await settled.stop();
    else if (labRunId) await removeLab(labRunId);
  };
  const unhook = healOnSignals([{ stop: shutdown }], log);
  try {
    const started = await startTarget(inv.loaded, log, (runId, l, starting) => {
      labRunId = runId;
      lab = l;
      if (starting) labStarting = starting.catch(() => null);
    });
    if (!started.ok) {
      log(`sessionchaos run: ${started.message}`);
      return EXIT.environment;
    }
    if (interrupted) return EXIT.environment;
    const url = started.url;
    // The journey is walked once before any load: a run that cannot log anyone in would judge nothing.
    const walk = await checkJourney({ target: url, journey: s.journey });
    if (!walk.ok) {
      const why = await sessionsLostBetweenNodes(walk, started.lab, s);
      if (why === undefined) {
        for (const line of explainJourney(walk, url)) log(line);
        log(
          'sessionchaos run: the journey does not work against this target, so no load was sent. ' +
            `Fix it and check it with: sessionchaos journey ${inv.loaded.file}`,
        );
        return EXIT.environment;
      }
      log(`journey checked: ${why}; the run measures that`);
    } else
      log(`journey checked: ${walk.user} logged in and whoami confirmed it (${walk.steps.length} requests)`);
    if (interrupted) return EXIT.environment;
    return await runTraffic(inv, url, started.lab, (fn) => (stopTraffic = fn));
  } finally {
    unhook();
    const l = lab as StartedLabCluster | null;
    if (l && !inv.keepLab) await l.stop();
    else if (l) log(`the lab stays up (--keep-lab): remove it with sessionchaos lab down --run ${l.runId}`);
  }
}

/**
 * When the walk failed through the balancer, whether that is the cluster losing the session between
 * nodes (what a run measures: the memory lab's mismatch) rather than a journey that cannot work: the
 * same walk on one node alone works, or (no node URLs known) the failed walk was served by several nodes.
 * Returns the reason to proceed, or undefined.
 */
async function sessionsLostBetweenNodes(
  walk: JourneyCheck,
  lab: StartedLabCluster | null,
  s: LoadedScenario['scenario'],
): Promise<string | undefined> {
  const origins = await nodeOrigins(lab, s.target.kind === 'url' ? s.target.nodeUrls : []);
  const servedBy = [...new Set(walk.steps.map((x) => x.op.node).filter((n) => n !== undefined))];
  const where = servedBy.length > 0 ? ` (served by ${servedBy.join(', ')})` : '';
  if (origins.length > 0) {
    const alone = await checkJourney({ target: origins[0]!, journey: s.journey });
    if (alone.ok)
      return `the journey works on one node alone (${origins[0]}) but not through the balancer${where}`;
    return undefined;
  }
  if (servedBy.length > 1)
    return `the journey failed across nodes${where}: the session did not follow the user`;
  return undefined;
}

async function setupDrivers(
  inv: RunInvocation,
  lab: StartedLabCluster | null,
): Promise<{ drivers: FaultDriver[]; redis: RedisDriver | null }> {
  const s = inv.loaded.scenario;
  const drivers: FaultDriver[] = [new ExecDriver()];
  let redis: RedisDriver | null = null;
  const needsDocker =
    lab !== null || s.faults.some((f) => f.target.container !== undefined || f.target.label !== undefined);
  if (!needsDocker) return { drivers, redis };
  await labRuntime(); // a missing engine is reported here, with the fix
  const docker = new DockerDriver();
  await docker.setup();
  drivers.push(docker);
  if (lab?.redis) {
    const r = lab.redis;
    redis = new RedisDriver({
      masterName: r.masterName,
      servers: [r.primary, ...r.replicas].map((n) => ({ name: n.name, containerId: n.containerId })),
      sentinels: r.sentinels.map((n) => ({ name: n.name, containerId: n.containerId })),
    });
    await redis.setup();
    drivers.push(redis);
  }
  return { drivers, redis };
}

async function runTraffic(
  inv: RunInvocation,
  url: string,
  lab: StartedLabCluster | null,
  onInterrupt: (fn: () => Promise<void>) => void,
): Promise<number> {
  const { scenario: s, file } = inv.loaded;
  const log = (line: string): boolean => inv.err.write(`${line}\n`);
  let setup;
  try {
    setup = await setupDrivers(inv, lab);
  } catch (error) {
    log(`sessionchaos run: the fault drivers could not start - ${(error as Error).message}`);
    return EXIT.environment;
  }
  const nodes = lab ? lab.nodes.map((n) => n.name) : [];
  const checkOptions = { ...(lab ? { nodes: lab.nodes.length } : {}), ...s.check };
  const writer = new HistoryWriter(`${inv.outDir}/history.ndjson`);
  const tracker = new SessionTracker();
  const now = (): number => handle.context.recorder.now();
  let keyFaults = 0;
  const externalNodes = lab ? undefined : externalNodesTarget(s);
  const command = (c: DashboardCommand): void => {
    if (c === 'quit') {
      live.notice('stopping: healing, checking and writing the reports');
      handle.stop();
    } else if (c === 'toggle-traffic') {
      live.notice(gate.toggle() ? 'traffic paused (space resumes)' : 'traffic resumed');
    } else if (c === 'heal-all') {
      live.notice(`healing ${runner.active.length} active fault(s)`);
      for (const key of runner.active) void runner.heal(key);
    } else if (isKeyFault(c)) {
      if (lab) {
        if (c === 'kill-redis-primary' && !lab.redis) live.notice('this lab has no Redis');
        else void runner.inject(keyFault(c, ++keyFaults, now()));
      } else if (c === 'kill-redis-primary') {
        live.notice("f kills the lab's Redis primary; this run targets a URL");
      } else if (!externalNodes) {
        live.notice(
          "fault keys act on the lab, or on the containers the scenario's faults name ({container} or {label}); this scenario names none",
        );
      } else {
        void runner.inject(keyFault(c, ++keyFaults, now(), externalNodes));
      }
    }
  };
  // Progress lines go to stderr with the other progress; stdout keeps the final lines only.
  const tty = inv.dashboard && inv.stdout.isTTY === true && inv.stdin.isTTY === true;
  const live: LiveReporter = tty
    ? createDashboard({ stdout: inv.stdout, stdin: inv.stdin, controls: { command }, now })
    : createProgressReporter({ write: (line) => log(line), now });
  const analyzer = new RunAnalyzer(checkOptions, undefined, (kind, time, count, vu) =>
    live.finding(kind, time, count, vu),
  );
  const record = (op: Op): void => {
    writer.add(op);
    analyzer.feed(op);
    if (isVuOp(op)) tracker.feed(op);
    live.add(op);
  };
  const gate = new PauseGate();
  const iteration: Iteration = async (vu, ctx, think) => {
    if (gate.paused) await Promise.race([gate.wait(), ctx.stop.sleep(2 ** 31 - 1)]);
    if (!ctx.stop.stopping) await defaultIteration(vu, ctx, think);
  };
  if (inv.startAt !== undefined && inv.startAt > Date.now()) {
    log(`waiting for the start instant ${new Date(inv.startAt).toISOString()}`);
    await new Promise((r) => setTimeout(r, inv.startAt! - Date.now()));
  }
  const startedAt = new Date().toISOString();
  const metaAt = (durationMs: number): RunMeta => ({
    scenario: { name: s.name, description: s.description, file },
    target: { url, strategy: lab ? lab.spec.strategy : null },
    seed: inv.seed,
    startedAt,
    durationMs,
    thresholds: s.thresholds,
    checkOptions,
    ...(s.expect ? { expect: s.expect } : {}),
    nodes,
    ...(inv.shard
      ? {
          shard: {
            ...inv.shard,
            // The instant the shard's run clock read 0: the merge aligns the shards' times by it.
            startEpochMs: started ? performance.timeOrigin + started.context.recorder.toClock(0) : Date.now(),
          },
        }
      : {}),
  });
  let started: RunHandle | undefined;
  // Written now, and again at the end: a run cut off by SIGKILL or a second Ctrl-C leaves a
  // history that `sessionchaos report <dir>` can still check.
  await writeRunMeta(inv.outDir, metaAt(0));
  // A load run's heap would otherwise grow to 4x what it holds alive (see heap-growth.ts).
  tightenHeapGrowth();
  const handle: RunHandle = (started = startRun({
    ...(inv.shard ? { shard: inv.shard } : {}),
    target: url,
    load: s.load,
    journey: s.journey,
    seed: inv.seed,
    sink: record,
    iteration,
    ...bodyLimit(),
  }));
  const runMs = s.load.durationMs ?? OPEN_ENDED_MS;
  // Only one shard injects the faults (and runs the probes): N shards must not kill N nodes.
  const plan = runsFaults(inv.shard) ? planSchedule(s.faults, runMs) : [];
  const runner = new FaultRunner({
    drivers: setup.drivers,
    resolveVictims: labVictimResolver({
      seed: inv.seed,
      lab,
      redis: setup.redis,
      liveSessions: () => tracker.counts(),
    }),
    journal: new HealJournal(lab?.runId ?? `run-${randomBytes(4).toString('hex')}`),
    now,
    record,
  });
  const maxVus = s.load.model === 'closed' ? s.load.vus : s.load.maxVus;
  const probes =
    s.probeEveryMs === null || !runsFaults(inv.shard)
      ? null
      : new ProbeLoop({
          context: handle.context,
          seed: inv.seed,
          everyMs: s.probeEveryMs,
          firstVu: maxVus + 1,
          replayDelayMs: resolveCheckOptions(checkOptions).logoutGraceMs + 250,
          nodeOrigins: () => nodeOrigins(lab, s.target.kind === 'url' ? s.target.nodeUrls : []),
        });
  live.start({
    scenario: s.name,
    target: url,
    strategy: lab ? lab.spec.strategy : null,
    seed: inv.seed,
    durationMs: s.load.durationMs ?? 0,
    nodes,
    redis: lab?.redis
      ? {
          primary: lab.redis.primary.name,
          replicas: lab.redis.replicas.map((r) => r.name),
          sentinels: lab.redis.sentinels.length,
        }
      : null,
    plannedFaults: plan.map((p) => ({
      key: p.key,
      action: p.spec.action,
      target: p.spec.target.role ?? p.spec.target.container ?? p.spec.target.label ?? 'hook',
      startMs: p.startMs,
      endMs: p.endMs,
    })),
    interactive: lab !== null || externalNodes !== undefined,
  });
  let finishing: Promise<number> | undefined;
  // Once, whether the run ends by itself, by `q`, or by a signal (which then waits for it).
  const finish = (): Promise<number> => (finishing ??= conclude());
  const conclude = async (): Promise<number> => {
    handle.stop();
    gate.resume();
    const totals = await handle.done;
    await probes?.stop();
    await runner.stop();
    const notes: string[] = [];
    try {
      await writer.close();
    } catch (error) {
      // The analysis was live: the reports are still right even if the history file is not complete.
      notes.push(`history.ndjson is incomplete: ${(error as Error).message}`);
    }
    const durationMs = Math.round(totals.durationMs);
    const analysis = analyzer.finish(s.thresholds, durationMs);
    const meta = metaAt(durationMs);
    const files = await writeReports(inv.outDir, {
      ...meta,
      analysis,
      ...(notes.length > 0 ? { notes } : {}),
    });
    for (const note of notes) log(`sessionchaos run: ${note}`);
    const lines = finalLines({ ...meta, analysis }, inv.outDir, files, totals.crashed);
    await live.stop({ verdict: analysis.gate.verdict, lines });
    for (const line of lines) inv.out.write(`${line}\n`);
    if (inv.shard) {
      // A shard's own verdict covers only its users: the merged run decides. A shard that ran exits 0.
      inv.out.write(
        `shard ${inv.shard.index}/${inv.shard.count} done (its own part: ${analysis.gate.verdict}); ` +
          `the verdict is the merged run's: sessionchaos merge <each shard's --out dir> --out DIR\n`,
      );
      return EXIT.pass;
    }
    return VERDICT_EXIT[analysis.gate.verdict];
  };
  onInterrupt(async () => {
    live.notice('interrupted: healing, checking and writing the reports');
    await finish();
  });
  runner.start(plan);
  probes?.start();
  await handle.done;
  return finish();
}

/**
 * `SESSIONCHAOS_MAX_BODY_BYTES`: the prefix of each response body kept for captures and checks
 * (default 1 MiB). A page a capture needs past that would be missed, so it can be raised.
 */
function bodyLimit(): { maxBodyBytes?: number } {
  const n = Number(process.env.SESSIONCHAOS_MAX_BODY_BYTES);
  return Number.isSafeInteger(n) && n >= 1024 ? { maxBodyBytes: n } : {};
}
