import {
  deriveSeed,
  FAULT_PROCESS,
  RunAnalyzer,
  seededRandom,
  type CheckOptions,
  type FaultAction,
  type OpType,
  type RunAnalysis,
} from '@sessionchaos/core';
import {
  concurrentWritesProbe,
  createHttpClient,
  credentialsOf,
  preLoginSessionProbe,
  replayAfterLogoutProbe,
  startRun,
  VirtualUser,
  type VuContext,
} from '@sessionchaos/traffic';
import type { Bug } from './bugs.ts';
import { BROKEN_RUN, BROKEN_TARGET_CHECK } from './broken-run.ts';
import type { BrokenTarget } from './broken-target.ts';

/** One run of traffic and probes against a broken target, with a bug on during a window. */
export interface DirectRunOptions {
  target: BrokenTarget;
  /** The bug switched on at `window.atMs` and off `window.durationMs` later; none: a correct target. */
  bug?: Bug;
  window?: { atMs: number; durationMs: number };
  users?: number;
  durationMs?: number;
  thinkMs?: number;
  /** Ms between two probe rounds (concurrent writes, logout replay on every node, fixation). */
  probeEveryMs?: number;
  check?: CheckOptions;
  seed?: number;
}

/** What a direct run found, and the key of the bug's fault window (as a finding names it). */
export interface DirectRun {
  analysis: RunAnalysis;
  faultKey: string | null;
}

const FAULT_ID_BASE = 2 ** 40;

async function probeLoop(
  ctx: VuContext,
  vus: VirtualUser[],
  nodeUrls: string[],
  everyMs: number,
): Promise<void> {
  const [writer, replayer, fixer] = vus as [VirtualUser, VirtualUser, VirtualUser];
  await ctx.stop.sleep(everyMs);
  while (!ctx.stop.stopping) {
    await concurrentWritesProbe(ctx, writer);
    await replayAfterLogoutProbe(ctx, replayer, nodeUrls);
    await preLoginSessionProbe(ctx, fixer);
    await ctx.stop.sleep(everyMs);
  }
}

/**
 * Drives the packages directly, as `sessionchaos run` wires them (without the CLI): closed-model
 * VUs on the default journey, a probe loop on three VUs of their own, the bug's window recorded as
 * an `exec` fault, and every op fed to a {@link RunAnalyzer}.
 */
export async function directRun(o: DirectRunOptions): Promise<DirectRun> {
  const users = o.users ?? BROKEN_RUN.users;
  const seed = o.seed ?? 1;
  const analyzer = new RunAnalyzer({ nodes: o.target.nodeUrls.length, ...BROKEN_TARGET_CHECK, ...o.check });
  const client = createHttpClient({ connections: 32 });
  const handle = startRun({
    target: o.target.url,
    load: {
      model: 'closed',
      vus: users,
      durationMs: o.durationMs ?? BROKEN_RUN.durationMs,
      thinkMs: o.thinkMs ?? BROKEN_RUN.thinkMs,
    },
    seed,
    client,
    sink: (op) => analyzer.feed(op),
  });
  const now = (): number => handle.context.recorder.now();
  let index = 0;
  let id = FAULT_ID_BASE;
  const faultKey = o.bug === undefined ? null : `break-${o.bug}#1`;
  const record = (type: OpType, action: FaultAction, opId: number): void => {
    analyzer.feed({
      index: index++,
      id: opId,
      type,
      time: now(),
      process: FAULT_PROCESS,
      fault: faultKey!,
      action,
      target: 'hook',
    });
  };
  const timers: NodeJS.Timeout[] = [];
  if (o.bug !== undefined) {
    const bug = o.bug;
    const w = o.window ?? { atMs: BROKEN_RUN.bugAtMs, durationMs: BROKEN_RUN.bugForMs };
    timers.push(
      setTimeout(() => {
        const opId = id++;
        record('invoke', 'exec', opId);
        o.target.break(bug);
        record('ok', 'exec', opId);
      }, w.atMs),
      setTimeout(() => {
        const opId = id++;
        record('invoke', 'heal', opId);
        o.target.heal(bug);
        record('ok', 'heal', opId);
      }, w.atMs + w.durationMs),
    );
  }
  const probeVus = [1, 2, 3].map((i) => {
    const n = users + i;
    const c = credentialsOf(handle.context.journey, n);
    return new VirtualUser(n, c.username, c.password, seededRandom(deriveSeed(seed, n)));
  });
  const probes = probeLoop(
    handle.context,
    probeVus,
    o.target.nodeUrls,
    o.probeEveryMs ?? BROKEN_RUN.probeEveryMs,
  );
  try {
    const totals = await handle.done;
    await probes;
    return { analysis: analyzer.finish(undefined, totals.durationMs), faultKey };
  } finally {
    for (const t of timers) clearTimeout(t);
    o.target.heal();
    await client.close();
  }
}
