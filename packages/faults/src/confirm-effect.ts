import type Dockerode from 'dockerode';
import { FaultError } from './fault-driver.ts';

/**
 * How long a fault's effect is looked for after its command returned. The engine and the kernel
 * apply what they accepted within milliseconds; 2 s covers a busy machine and stays short next to
 * a fault's duration.
 */
export const CONFIRM_WINDOW_MS = 2_000;
/** Pause between two looks. */
const POLL_MS = 50;
/**
 * A restarted container is looked at again this long after it was first seen running: a process
 * that dies at boot (a bad config, a port taken) is running for the first few milliseconds.
 */
const SETTLE_MS = 150;

/** One look at a victim: `undefined` when the effect holds, else what was seen instead. */
export type Look = () => Promise<string | undefined>;

/** Runs a command in a container's network namespace and returns its output (see nsenter). */
export type NetnsRun = (argv: string[]) => Promise<string>;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Looks until the effect `what` holds, for at most `windowMs`. A command the engine accepted is no
 * evidence that its effect happened (a restarted server that dies at boot, a rule in the wrong
 * table): only what is seen after it makes the fault count. Throws a FaultError saying what was
 * seen instead (the fault failed), or, when no look could see anything (the engine did not
 * answer), one marked `unknown`.
 */
export async function confirmEffect(what: string, look: Look, windowMs = CONFIRM_WINDOW_MS): Promise<void> {
  const end = performance.now() + windowMs;
  let seen: string | undefined;
  let failure: Error | undefined;
  let tries = 0;
  for (;;) {
    tries++;
    try {
      const now = await look();
      if (now === undefined) return;
      seen = now;
    } catch (error) {
      failure = error as Error;
    }
    if (performance.now() + POLL_MS >= end) break;
    await sleep(POLL_MS);
  }
  if (seen === undefined) {
    throw new FaultError(
      `effect unknown: could not see whether ${what} (${tries} looks in ${windowMs} ms): ${failure?.message}`,
      undefined,
      { unknown: true },
    );
  }
  throw new FaultError(`effect not confirmed: ${what} was not seen within ${windowMs} ms; seen: ${seen}`);
}

type State = Dockerode.ContainerInspectInfo['State'];

/** The container's state, or `gone` when the engine no longer knows it (removed: nothing of it runs). */
async function stateOf(container: Dockerode.Container): Promise<State | 'gone'> {
  try {
    return (await container.inspect()).State;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return 'gone';
    throw error;
  }
}

/** Confirms a kill or stop: the engine says the container no longer runs (its process is gone). */
export function confirmNotRunning(
  container: Dockerode.Container,
  name: string,
  windowMs?: number,
): Promise<void> {
  return confirmEffect(
    `${name} is no longer running`,
    async () => {
      const s = await stateOf(container);
      if (s === 'gone' || !s.Running) return undefined;
      return s.Restarting
        ? `${name} restarting (its restart policy starts it again)`
        : `${name} still running (State.Running true, pid ${s.Pid})`;
    },
    windowMs,
  );
}

/** Confirms a pause: the engine says the container is paused (its cgroup frozen). */
export function confirmPaused(
  container: Dockerode.Container,
  name: string,
  windowMs?: number,
): Promise<void> {
  return confirmEffect(
    `${name} is paused`,
    async () => {
      const s = await stateOf(container);
      if (s === 'gone') return `${name} is gone`;
      return s.Paused ? undefined : `${name} not paused (State.Status ${s.Status})`;
    },
    windowMs,
  );
}

/** The instant the container last started (`State.StartedAt`), read before a restart to compare with. */
export async function startedAt(container: Dockerode.Container): Promise<string> {
  return (await container.inspect()).State.StartedAt;
}

/**
 * Confirms a restart: the container started again after `before` (a new `State.StartedAt`) and
 * still runs a moment later.
 */
export function confirmRestarted(
  container: Dockerode.Container,
  name: string,
  before: string,
  windowMs?: number,
): Promise<void> {
  const notRunning = (s: State): string =>
    `${name} started again at ${s.StartedAt} but is not running ` +
    `(State.Status ${s.Status}, exit code ${s.ExitCode}${s.Error ? `: ${s.Error}` : ''})`;
  return confirmEffect(
    `${name} started again and runs`,
    async () => {
      const s = await stateOf(container);
      if (s === 'gone') return `${name} is gone`;
      if (s.StartedAt === before)
        return `${name} not started again (State.StartedAt still ${before}, State.Status ${s.Status})`;
      if (!s.Running) return notRunning(s);
      await sleep(SETTLE_MS);
      const again = await stateOf(container);
      if (again === 'gone') return `${name} is gone`;
      return again.Running ? undefined : notRunning(again);
    },
    windowMs,
  );
}

/** Confirms a partition: the container is attached to none of `networks` (name → network id). */
export function confirmDisconnected(
  container: Dockerode.Container,
  name: string,
  networks: ReadonlyMap<string, string>,
  windowMs?: number,
): Promise<void> {
  return confirmEffect(
    `${name} is cut from ${[...networks.keys()].join(', ')}`,
    async () => {
      const info = await container.inspect();
      const attached = new Set(Object.values(info.NetworkSettings.Networks ?? {}).map((e) => e.NetworkID));
      const still = [...networks].filter(([, id]) => attached.has(id)).map(([net]) => net);
      return still.length === 0 ? undefined : `${name} still connected to ${still.join(', ')}`;
    },
    windowMs,
  );
}

/**
 * Confirms iptables rules (a partition of ports, packet loss): each is in place in the container's
 * network namespace (`iptables -C` exits 0 for it).
 */
export function confirmRules(
  run: NetnsRun,
  name: string,
  rules: readonly string[][],
  windowMs?: number,
): Promise<void> {
  return confirmEffect(
    `${rules.length} iptables rule(s) in place in ${name}`,
    async () => {
      for (const rule of rules) {
        try {
          await run(['iptables', '-C', ...rule]);
        } catch (error) {
          // iptables -C says "Bad rule (does a matching rule exist in that chain?)" for a missing one.
          if (error instanceof FaultError && /Bad rule|does a matching rule exist/i.test(error.output ?? ''))
            return `no rule ${rule.join(' ')} in ${name}`;
          throw error;
        }
      }
      return undefined;
    },
    windowMs,
  );
}

const UNIT_MS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000 };

/** Confirms latency: a netem qdisc with a delay of `latencyMs` is the root of the container's eth0. */
export function confirmDelay(
  run: NetnsRun,
  name: string,
  latencyMs: number,
  windowMs?: number,
): Promise<void> {
  return confirmEffect(
    `${name} delays its packets by ${latencyMs}ms`,
    async () => {
      const shown = await run(['tc', 'qdisc', 'show', 'dev', 'eth0']);
      const m = /qdisc netem \S+ root\b.*?\bdelay ([\d.]+)(us|ms|s)\b/.exec(shown);
      if (!m) return `no netem delay at the root of eth0 in ${name} (tc qdisc show: ${shown.trim()})`;
      const ms = Number(m[1]) * UNIT_MS[m[2]!]!;
      return Math.abs(ms - latencyMs) <= 1 ? undefined : `a netem delay of ${ms}ms on eth0 in ${name}`;
    },
    windowMs,
  );
}
