// Keeps a connection open to each victim of the kill bench at all times it runs: opened again as
// soon as the engine says the victim started (its pid read from its cgroup, as the driver does), so
// that every kill finds one to close, and a kill no connection saw is named with the reason.
import type Dockerode from 'dockerode';
import { followStarts } from '../src/container-starts.ts';
import { mainPidOf } from '../src/cgroup-pid.ts';
import type { Closed, startNetnsObserver, startObserver } from './kill-observers.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const hrMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** One connection's life (hrtime ms): when it was open, and when it closed (NaN: still open at the end). */
export interface Watched {
  openedHrMs: number;
  closedHrMs: number;
}

/** What was seen of each victim, by index: connections in the victim's network namespace and through its port. */
export interface VictimWatchers {
  direct: Watched[][];
  proxied: Watched[][];
  /** Victims with a connection open in their namespace now. */
  observed: Set<number>;
  stop: () => Promise<void>;
}

/** Watches `ids` (container ids) until `stop`, with the two observers of kill-observers.ts. */
export async function watchVictims(
  docker: Dockerode,
  ids: readonly string[],
  netns: ReturnType<typeof startNetnsObserver>,
  observer: ReturnType<typeof startObserver>,
): Promise<VictimWatchers> {
  const direct: Watched[][] = ids.map(() => []);
  const proxied: Watched[][] = ids.map(() => []);
  const observed = new Set<number>();
  const wake: (() => void)[] = ids.map(() => () => {});
  let watching = true;
  const unfollow = await followStarts(docker, (id) => wake[ids.indexOf(id)]?.());
  const pidOf = async (i: number): Promise<number | undefined> => {
    const pid = mainPidOf(ids[i]!);
    if (pid !== undefined) return pid;
    const info = await docker.getContainer(ids[i]!).inspect();
    return info.State.Running ? info.State.Pid : undefined;
  };
  const watchProxy = async (i: number): Promise<void> => {
    // The published port can change when the container starts again: looked up once per start.
    const info = await docker.getContainer(ids[i]!).inspect();
    const port = Number(info.NetworkSettings.Ports['9000/tcp']?.[0]?.HostPort);
    if (!watching || !port) return;
    const openedHrMs = hrMs();
    const p: Closed = await observer.watch(i, port);
    if (p.connected) proxied[i]!.push({ openedHrMs, closedHrMs: p.closedHrMs });
  };
  const watch = async (i: number): Promise<void> => {
    let last: number | undefined;
    while (watching) {
      const started = new Promise<void>((r) => (wake[i] = r));
      const pid = await pidOf(i).catch(() => undefined);
      if (!watching) return;
      if (pid && pid !== last) {
        // The server may not listen yet right after its start: tried again until it does, or dies.
        for (let tries = 0; tries < 250 && watching; tries++) {
          const d = netns.watch(i, pid);
          if (await d.opened) {
            last = pid;
            const openedHrMs = hrMs();
            observed.add(i);
            void watchProxy(i).catch(() => undefined);
            const c = await d.closed;
            observed.delete(i);
            direct[i]!.push({ openedHrMs, closedHrMs: c.connected ? c.closedHrMs : NaN });
            break;
          }
          await sleep(20);
          if (mainPidOf(ids[i]!) !== pid) break;
        }
      }
      // Until the engine says it started again; looked at anyway now and then (an event can be missed).
      await Promise.race([started, sleep(1_000)]);
    }
  };
  const watchers = ids.map((_, i) => watch(i));
  return {
    direct,
    proxied,
    observed,
    stop: async () => {
      watching = false;
      unfollow();
      netns.stop();
      await observer.stop();
      for (const w of wake) w();
      await Promise.all(watchers);
    },
  };
}

const fmt = (n: number): string => n.toFixed(1);

/**
 * When the connection open to a victim at a kill's instant `scheduled` (run clock) closed, in ms
 * after it; or why the kill was not seen: no connection open then, or one that outlived the kill.
 */
export function seen(
  list: readonly Watched[],
  scheduled: number,
  doneAt: number,
  t0Hr: number,
): number | string {
  const at = (hr: number): number => hr - t0Hr;
  const open = list.find((w) => at(w.openedHrMs) <= scheduled && !(at(w.closedHrMs) < scheduled - 1));
  if (!open) {
    const before = list.filter((w) => at(w.openedHrMs) <= scheduled).at(-1);
    const after = list.find((w) => at(w.openedHrMs) > scheduled);
    return `no connection open at its instant (the last closed at ${fmt(at(before?.closedHrMs ?? NaN))} ms, the next opened at ${fmt(at(after?.openedHrMs ?? NaN))} ms; instant ${fmt(scheduled)} ms)`;
  }
  const close = at(open.closedHrMs);
  if (Number.isNaN(close) || close > doneAt + 1)
    return `its connection was still open when the kill completed (${fmt(doneAt - scheduled)} ms after its instant)`;
  return close - scheduled;
}
