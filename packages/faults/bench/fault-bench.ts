// Fault timing bench: how far the applied time of a scheduled `kill` lands from its scheduled time,
// while a 50-connection load runs on the same machine, and the Sentinel failover time with the lab's
// settings. FAILOVERS=0 skips the failovers. Run: pnpm --filter @sessionchaos/faults bench
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenericContainer, Wait } from 'testcontainers';
import { planSchedule, type FaultOp, type FaultSpec, type PlannedFault } from '@sessionchaos/core';
import { IMAGE_NODE_PATH, LabCluster, assembleImage, nodeImageSpec } from '@sessionchaos/lab';
import { newRunId, projectLabels, removeByRunId, requireDocker } from '@sessionchaos/testkit';
import {
  DockerDriver,
  FaultRunner,
  HealJournal,
  RedisDriver,
  type FaultDriver,
  type Victim,
  type VictimResolver,
} from '../src/index.ts';
import { startNetnsObserver, startObserver } from './kill-observers.ts';
import { seen, watchVictims } from './victim-watchers.ts';

const KILLS = Number(process.env['KILLS'] ?? 30);
const FAILOVERS = Number(process.env['FAILOVERS'] ?? 3);

const LOAD_CONNECTIONS = Number(process.env['LOAD_CONNECTIONS'] ?? 50);

/**
 * A traffic load on this machine while the kills run (a real run is always busy: the load generator
 * sits beside the fault injector): a small HTTP server on 127.0.0.1 and autocannon (packages/traffic's
 * dependency) with 50 connections against it, in a child process until `stop`.
 */
async function startLoad(): Promise<{ stop: () => Promise<string> }> {
  const script = `
    const { createRequire } = require('node:module');
    const autocannon = createRequire(${JSON.stringify(new URL('../../traffic/package.json', import.meta.url).pathname)})('autocannon');
    const server = require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', () => {
      const run = autocannon({ url: 'http://127.0.0.1:' + server.address().port, connections: ${LOAD_CONNECTIONS}, duration: 3600 });
      console.log('loading');
      process.on('SIGTERM', () => run.stop());
      run.on('done', (r) => { console.log(r.requests.total + ' requests, ' + Math.round(r.requests.average) + ' req/s'); process.exit(0); });
    });`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('loading')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the load exited early (${code})`)));
  });
  return {
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      return out
        .split('\n')
        .filter((l) => l && l !== 'loading')
        .join(' ');
    },
  };
}

const hrMs = (): number => Number(process.hrtime.bigint()) / 1e6;

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const fmt = (n: number): string => n.toFixed(1);

async function run(
  drivers: FaultDriver[],
  victims: VictimResolver,
  plan: ReturnType<typeof planSchedule>,
  runMs: number,
  t0 = performance.now(),
  onOp: (op: FaultOp) => void = () => undefined,
) {
  const ops: FaultOp[] = [];
  const runner = new FaultRunner({
    drivers,
    resolveVictims: victims,
    journal: new HealJournal(`bench-${process.pid}`, mkdtempSync(join(tmpdir(), 'sc-bench-j-'))),
    now: () => performance.now() - t0,
    record: (op) => {
      ops.push(op);
      onOp(op);
    },
  });
  runner.start(plan);
  await new Promise((r) => setTimeout(r, runMs));
  await runner.stop();
  return ops;
}

/**
 * Victim containers of the kill bench, and how many. Each is killed again only 10 x 600 ms later:
 * on a loaded machine its heal (the engine's start) and its server's boot took 3-6 s, and a
 * kill of a server not listening yet is one no connection can see (with 6, up to 10 of 30 were).
 */
const VICTIMS = Number(process.env['VICTIMS'] ?? 10);
/** Milliseconds between two kills (each on another container). */
const KILL_EVERY_MS = Number(process.env['KILL_EVERY_MS'] ?? 600);

async function killLateness(): Promise<void> {
  const runId = newRunId('bench');
  try {
    const image = await assembleImage(nodeImageSpec());
    const victims = await Promise.all(
      Array.from({ length: VICTIMS }, () =>
        new GenericContainer(image)
          // A TCP server that holds every connection open: the moment a client sees its connection close
          // is the moment the process died, whatever the engine still does before its kill call returns.
          .withCommand([
            IMAGE_NODE_PATH,
            '-e',
            "require('node:net').createServer(() => {}).listen(9000, () => console.log('up'))",
          ])
          .withExposedPorts(9000)
          .withLabels(projectLabels(runId))
          .withWaitStrategy(Wait.forLogMessage('up'))
          .start(),
      ),
    );
    const driver = new DockerDriver();
    await driver.setup();
    const every = KILL_EVERY_MS;
    const runMs = 500 + KILLS * every;
    const plan = planSchedule(
      [{ id: 'kill', action: 'kill', target: { role: 'app' }, at: 500, every, duration: 300 }],
      runMs,
    );
    // A container is killed again only once it has settled: its heal (start) done and its observer
    // connected again, so the engine being slow to finish one kill never makes the next one fail 409
    // or go unobserved. Among the settled ones, the one idle longest.
    const busy = new Map<string, number>();
    let observed = new Set<number>();
    const lastKilled = victims.map(() => -Infinity);
    const unsettledKeys = new Set<string>();
    const victimOf = async (_spec: FaultSpec, planned: PlannedFault): Promise<Victim[]> => {
      const order = victims.map((_, i) => i).sort((a, b) => lastKilled[a]! - lastKilled[b]!);
      const free = (i: number): boolean => ![...busy.values()].includes(i) && observed.has(i);
      let i = order.find(free);
      if (i === undefined) unsettledKeys.add(planned.key);
      i ??= order[0]!;
      busy.set(planned.key, i);
      lastKilled[i] = planned.startMs;
      return [{ name: `victim-${i}`, containerId: victims[i]!.getId() }];
    };
    const onOp = (op: FaultOp): void => {
      const healed = op.action === 'heal' && op.type !== 'invoke';
      const failed = op.action === 'kill' && (op.type === 'fail' || op.type === 'info');
      if (healed || failed) busy.delete(op.fault);
    };
    // Every container a fault may hit is learned before the run (its pid, and from then on its
    // restarts through the engine's events), as a run does with its candidates: no kill waits on an inspect.
    await driver.prepare(victims.map((v, i) => ({ name: `victim-${i}`, containerId: v.getId() })));
    // Set once every victim is observed (below): the plan's instants count from there.
    let t0 = performance.now();
    let t0Hr = hrMs();
    const rt = await requireDocker();
    // Closes seen straight in the victim's network namespace, and through the published port.
    const watchers = await watchVictims(
      rt.container.dockerode,
      victims.map((v) => v.getId()),
      startNetnsObserver(),
      startObserver(),
    );
    observed = watchers.observed;
    // Kills start once every victim has an observer connected, so that the first ones are seen
    // (and do not pick a victim at random before any is known to be up).
    const warm = performance.now() + 30_000;
    while (observed.size < victims.length && performance.now() < warm)
      await new Promise((r) => setTimeout(r, 50));
    const load = await startLoad();
    t0 = performance.now();
    t0Hr = hrMs();
    const loadAvg = (await import('node:os')).loadavg()[0]!.toFixed(1);
    let ops: FaultOp[];
    try {
      ops = await run([driver], victimOf, plan, runMs + 200, t0, onOp);
    } finally {
      console.log(`load: ${LOAD_CONNECTIONS} connections, ${await load.stop()}`);
    }
    await watchers.stop();
    await driver.teardown();
    const reasons = new Map<string, number>();
    for (const op of ops) {
      if (op.type === 'fail' || op.type === 'info')
        console.log(`  ${op.fault} ${op.action} ${op.type}: ${op.error}`);
      const reason = /through the engine: (.*)\)$/.exec(op.detail ?? '')?.[1]?.replace(/\d+/g, 'N');
      if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    for (const [reason, n] of reasons) console.log(`  ${n} through the engine: ${reason}`);
    const starts = new Map(plan.map((p) => [p.key, p.startMs]));
    const invokes: number[] = [];
    const applied: number[] = [];
    const effects: number[] = [];
    let direct = 0;
    let armed = 0;
    const died: number[] = [];
    const diedViaProxy: number[] = [];
    const missed: string[] = [];
    for (const op of ops) {
      if (op.action !== 'kill') continue;
      const scheduled = starts.get(op.fault)!;
      if (op.type === 'invoke') invokes.push(op.time - scheduled);
      if (op.type === 'ok') {
        applied.push(op.time - scheduled);
        if (op.effectAt !== undefined) effects.push(op.effectAt - scheduled);
        if (/SIGKILL to pid/.test(op.detail ?? '')) direct++;
        if (/armed ahead/.test(op.detail ?? '')) armed++;
        else
          console.log(
            `  ${op.fault} not armed ahead, effect ${fmt((op.effectAt ?? NaN) - scheduled)} ms late: ${op.detail}`,
          );
        const i = Number(op.victims![0]!.slice('victim-'.length));
        const close = seen(watchers.direct[i]!, scheduled, op.time, t0Hr);
        if (typeof close === 'number') died.push(close);
        else {
          const why = unsettledKeys.has(op.fault) ? ' (no victim had settled since its last kill)' : '';
          missed.push(`${op.fault} (victim-${i}): ${close}${why}`);
        }
        if (typeof close !== 'number' || close > 100)
          console.log(
            `  ${op.fault}: effect ${fmt((op.effectAt ?? NaN) - scheduled)} ms, connection closed ${typeof close === 'number' ? `${fmt(close)} ms after its instant` : `unseen: ${close}`}`,
          );
        const throughProxy = seen(watchers.proxied[i]!, scheduled, op.time, t0Hr);
        if (typeof throughProxy === 'number') diedViaProxy.push(throughProxy);
      } else if (op.type !== 'invoke') missed.push(`${op.fault}: the kill ${op.type}ed (${op.error})`);
    }
    invokes.sort((a, b) => a - b);
    applied.sort((a, b) => a - b);
    died.sort((a, b) => a - b);
    diedViaProxy.sort((a, b) => a - b);
    effects.sort((a, b) => a - b);
    const failed = ops.filter((o) => o.action === 'kill' && (o.type === 'fail' || o.type === 'info')).length;
    console.log(
      `kill: ${applied.length} applied (${direct} by a direct signal, ${armed} of them armed ahead on the signal thread; the rest through the engine), ${failed} failed, of ${plan.length} scheduled; ${unsettledKeys.size} on a container not yet settled; load average ${loadAvg} at the start`,
    );
    if (effects.length)
      console.log(
        `kill lateness ms (scheduled -> recorded effectAt): median ${fmt(quantile(effects, 0.5))}, p99 ${fmt(quantile(effects, 0.99))}`,
      );
    console.log(
      `kill invoke lateness ms: median ${fmt(quantile(invokes, 0.5))}, p99 ${fmt(quantile(invokes, 0.99))}`,
    );
    console.log(
      `kill lateness ms (scheduled -> the victim's open connection closes, seen in its network): median ${fmt(quantile(died, 0.5))}, p99 ${fmt(quantile(died, 0.99))} over ${died.length} of ${plan.length} kills (goal p99 < 100 over all)`,
    );
    if (missed.length) console.log(`  kills no connection saw (${missed.length}): ${missed.join('; ')}`);
    console.log(
      `kill lateness ms (scheduled -> the connection through the published port closes, Docker's proxy in between): median ${fmt(quantile(diedViaProxy, 0.5))}, p99 ${fmt(quantile(diedViaProxy, 0.99))} over ${diedViaProxy.length} kills`,
    );
    console.log(
      `kill lateness ms (scheduled -> the completion, once the engine was told): median ${fmt(quantile(applied, 0.5))}, p99 ${fmt(quantile(applied, 0.99))}`,
    );
  } finally {
    await removeByRunId(runId);
  }
}

async function sentinelFailover(): Promise<void> {
  await using lab = await new LabCluster({
    strategy: 'redis',
    nodes: 1,
    redis: { topology: 'sentinel' },
  }).start();
  const redis = lab.redis!;
  const driver = new RedisDriver({
    masterName: redis.masterName,
    servers: [redis.primary, ...redis.replicas],
    sentinels: redis.sentinels,
  });
  await driver.setup();
  const times: number[] = [];
  for (let i = 0; i < FAILOVERS; i++) {
    const plan = planSchedule(
      [{ id: `failover-${i}`, action: 'failover', target: { role: 'redis-primary' }, at: 0 }],
      60_000,
    );
    const ops = await run([driver], async () => [await driver.currentPrimary()], plan, 200);
    const done = ops.find((o) => o.action === 'failover' && o.type !== 'invoke');
    const ms = /elected primary after (\d+) ms/.exec(done?.detail ?? '')?.[1];
    if (!ms) {
      console.log(`failover ${i + 1}: ${done?.type} ${done?.error ?? done?.detail}`);
      continue;
    }
    times.push(Number(ms));
    console.log(`failover ${i + 1}: ${done!.detail}`);
    // Let the healed old primary rejoin as a replica before the next round.
    await new Promise((r) => setTimeout(r, 3_000));
  }
  const spec = lab.spec.redis!;
  times.sort((a, b) => a - b);
  if (times.length) {
    console.log(
      `sentinel failover ms (down-after ${spec.downAfterMs}, failover-timeout ${spec.failoverTimeoutMs}): median ${quantile(times, 0.5)}, max ${times.at(-1)}`,
    );
  }
}

await requireDocker();
await killLateness();
if (FAILOVERS > 0) await sentinelFailover();
