import {
  globalVuId,
  ownsPosition,
  shardShare,
  type ClosedLoad,
  type OpenLoad,
  type Shard,
} from '@sessionchaos/core';
import type { Recorder } from './recorder.ts';
import type { StopSignal } from './stop-signal.ts';
import type { VirtualUser } from './virtual-user.ts';

/** What a load model needs from the runner. */
export interface LoadDriver {
  recorder: Recorder;
  stop: StopSignal;
  /** The VU numbered `n` (from 1), created on first use. */
  vu(n: number): VirtualUser;
  /** Runs one iteration of `vu` (never throws). */
  iterate(vu: VirtualUser): Promise<void>;
  /** Number of VUs inside an iteration now (for the live metrics). */
  active: { count: number };
  /** This process's part of a sharded run: its VU slots and arrivals, dealt round robin. */
  shard?: Shard;
}

/**
 * Closed model: `vus` VUs, started evenly over the ramp-up and stopped evenly over the ramp-down,
 * each looping iterations until the duration or its iteration count is reached.
 */
export async function runClosed(load: ClosedLoad, d: LoadDriver): Promise<void> {
  const duration = load.durationMs ?? Number.POSITIVE_INFINITY;
  const rampUp = load.rampUpMs ?? 0;
  const rampDown = load.rampDownMs ?? 0;
  const loops: Promise<void>[] = [];
  for (let i = 0; i < load.vus; i++) {
    // A shard runs its own slots with the whole run's timing, so N shards together ramp as one process.
    if (!ownsPosition(d.shard, i)) continue;
    const startAt = (rampUp * i) / load.vus;
    const stopAt = duration - rampDown + (rampDown * (i + 1)) / load.vus;
    loops.push(
      (async () => {
        // A timer may fire a little before the clock reads its deadline (libuv caches loop time):
        // a VU must not start before its ramp-up slot.
        while (!d.stop.stopping && d.recorder.now() < startAt)
          await d.stop.sleep(Math.max(1, startAt - d.recorder.now()));
        const vu = d.vu(i + 1);
        while (!d.stop.stopping && d.recorder.now() < stopAt) {
          if (load.iterations !== undefined && vu.iteration >= load.iterations) break;
          vu.iteration++;
          d.active.count++;
          await d.iterate(vu);
          d.active.count--;
        }
      })(),
    );
  }
  await Promise.all(loops);
}

/**
 * Open model: arrival k is due at k / rate seconds whatever the target's speed. It runs on an
 * idle VU (or a new user) with its latency counted from that intended start (no coordinated
 * omission); when `maxVus` are all busy it is dropped and counted.
 */
export async function runOpen(load: OpenLoad, d: LoadDriver): Promise<void> {
  const interval = 1000 / load.ratePerSec;
  const idle: VirtualUser[] = [];
  const running = new Set<Promise<void>>();
  let created = 0;
  let k = 0;
  const newUsers = load.arrivals === 'users';
  // A shard takes every Nth arrival (the rate split exactly) with its share of the most VUs at once.
  const maxVus = shardShare(load.maxVus, d.shard);
  while (!d.stop.stopping) {
    const now = d.recorder.now();
    // Start everything due by now, even if the timer woke late (a busy event loop).
    while (k * interval <= now && k * interval < load.durationMs) {
      const intended = k * interval;
      k++;
      if (!ownsPosition(d.shard, k - 1)) continue;
      // New users never reuse a VU: each arrival is a fresh person with an empty jar.
      let vu = newUsers ? undefined : idle.pop();
      if (!vu && (newUsers ? d.active.count : created) < maxVus) vu = d.vu(globalVuId(d.shard, ++created));
      if (!vu) {
        d.recorder.dropped();
        continue;
      }
      const v = vu;
      v.iteration++;
      v.intendedStart = intended;
      d.active.count++;
      const p: Promise<void> = d.iterate(v).then(() => {
        d.active.count--;
        v.intendedStart = undefined;
        if (!newUsers) idle.push(v);
        running.delete(p);
      });
      running.add(p);
    }
    if (k * interval >= load.durationMs) break;
    await d.stop.sleep(Math.max(1, k * interval - d.recorder.now()));
  }
  await Promise.all(running);
}
