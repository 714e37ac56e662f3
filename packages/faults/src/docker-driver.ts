import type Dockerode from 'dockerode';
import { runtime } from './runtime.ts';
import type { FaultAction } from '@sessionchaos/core';
import {
  FaultError,
  type ArmRequest,
  type FaultDriver,
  type InjectRequest,
  type Injection,
  type UndoStep,
  type Victim,
} from './fault-driver.ts';
import { engineFaultAction, ENGINE_FAULT_ACTIONS } from './actions/registry.ts';
import { nsenter } from './netns.ts';
import { undoOnEngine } from './engine-undo.ts';
import { ContainerProcesses } from './container-process.ts';
import { followStarts } from './container-starts.ts';
import type { DirectSignal, SignalOutcome } from './signal-faults.ts';
import { SignalScheduler, type Armed } from './signal-scheduler.ts';

/** A victim of a fault to arm once its pid is learned (its heal's start still under way when armed). */
type PendingArm = Pick<ArmRequest, 'key' | 'atMs' | 'now' | 'onUndo'> & {
  name: string;
  which: 'SIGKILL' | 'stop';
};

/**
 * Faults on containers of the local Docker engine (lab containers, or a user's own compose project),
 * through testcontainers' runtime client. Link faults (loss, latency) run iptables/tc inside the
 * container's network namespace with nsenter, so the victim's image needs no tools of its own; that
 * needs root and a local engine, and `latency` needs the kernel's netem qdisc.
 *
 * `kill` and `stop` signal the container's process directly when its pid was learned beforehand
 * ({@link DockerDriver.prepare}, kept fresh by the engine's start events), and tell the engine
 * after: an engine call takes 260 ms (p99 2.5 s) on a busy machine, a signal well under one. A
 * scheduled one is armed ahead ({@link DockerDriver.arm}) on a thread of its own that sends it at
 * the planned instant, however busy the main thread's loop is with traffic. `pause` stays with the engine: SIGSTOP on
 * every process of the container would leave the engine saying "running" (so `docker unpause`
 * and the heal sweep of paused containers would not see it), and a process forked meanwhile would
 * escape; freezing its cgroup by hand would fool the engine the same way.
 *
 * Every fault is confirmed before `inject` returns, by looking at the victim after it (the
 * container no longer running, paused, started again, cut from its networks, the rule or qdisc
 * in place: confirm-effect.ts), within a short window; an effect not seen makes the fault fail.
 */
export class DockerDriver implements FaultDriver {
  readonly name = 'docker';
  /** The actions of its registry (actions/registry.ts). */
  readonly actions: readonly FaultAction[] = ENGINE_FAULT_ACTIONS.map((a) => a.name);
  #docker: Dockerode | undefined;
  readonly #followStarts: boolean;
  readonly #processes = new ContainerProcesses();
  readonly #signals = new SignalScheduler();
  /** Signals armed ahead, by fault key and container id, until that fault's inject takes them. */
  readonly #armed = new Map<string, Map<string, Armed>>();
  /** Per container, the number of the last inspect issued and of the last one learned from. */
  readonly #inspects = new Map<string, { issued: number; applied: number }>();
  /** Victims not armable yet (no live pid known), by container id, until learned or injected. */
  readonly #pendingArms = new Map<string, PendingArm[]>();
  /** Stops following the engine's start events (started with the first container learned). */
  #unfollow: Promise<() => void> | undefined;

  /**
   * `followStarts: false` learns pids only by `inspect` (before a fault, after a heal's start), not
   * from the engine's start events too.
   */
  constructor(options: { followStarts?: boolean } = {}) {
    this.#followStarts = options.followStarts ?? true;
  }

  async setup(): Promise<void> {
    this.#docker = (await runtime()).container.dockerode;
    this.#signals.start();
  }

  async teardown(): Promise<void> {
    (await this.#unfollow?.catch(() => undefined))?.();
    this.#unfollow = undefined;
    await this.#signals.close();
  }

  get #engine(): Dockerode {
    if (!this.#docker) throw new FaultError('the docker driver was used before setup()');
    return this.#docker;
  }

  /**
   * Learns each victim's host pid now, so that a kill at the planned instant needs no engine call.
   * A container learned before is read from its cgroup (a process that still runs needs nothing);
   * one not running now is not waited for (an `inspect` on a busy engine answers after the
   * instant): its start event, or the `inspect` left running, learns it and arms what waits for it.
   */
  async prepare(victims: readonly Victim[]): Promise<void> {
    await Promise.all(
      victims.map(async ({ containerId: id }) => {
        if (!id || this.#processes.fresh(id)) return;
        if (!this.#inspects.has(id)) return this.#learn(id);
        if (!this.#fromCgroup(id)) void this.#learn(id);
      }),
    );
  }

  /**
   * Learns a container known before from its cgroup, so that a kill soon after its start is armed
   * ahead; it counts as the latest look (an inspect issued before, which saw it stopped, is ignored).
   */
  #fromCgroup(id: string): boolean {
    const seq = this.#inspects.get(id);
    if (!seq || !this.#processes.learnStarted(id)) return false;
    seq.applied = ++seq.issued;
    return true;
  }

  async #learn(containerId: string): Promise<void> {
    // From now on a container of ours that starts again is learned at once (see followStarts).
    if (this.#followStarts && !this.#unfollow) {
      this.#unfollow = followStarts(this.#engine, (id) => {
        if (this.#inspects.has(id)) void this.#started(id);
      });
      this.#unfollow.catch(() => undefined);
    }
    const seq = this.#inspects.get(containerId) ?? { issued: 0, applied: 0 };
    this.#inspects.set(containerId, seq);
    const mine = ++seq.issued;
    try {
      const info = await this.#engine.getContainer(containerId).inspect();
      // Answers can cross under load: an inspect issued before a start must not undo what one after it learned.
      if (mine < seq.applied) return;
      seq.applied = mine;
      this.#processes.learn(info);
      await this.#armPending(containerId);
    } catch {
      // Unknown: the fault will go through the engine, which says what is wrong.
    }
  }

  /** A container of ours started (its event, a heal): its pid from its cgroup at once, else the engine. */
  async #started(containerId: string): Promise<void> {
    if (this.#fromCgroup(containerId)) await this.#armPending(containerId);
    else await this.#learn(containerId);
  }

  /** Arms the victims that waited for this container's pid, if their instants are still ahead. */
  async #armPending(containerId: string): Promise<void> {
    const pending = this.#pendingArms.get(containerId);
    this.#pendingArms.delete(containerId);
    for (const arm of pending ?? []) await this.#armOne(arm, containerId);
  }

  /**
   * Arms the signal of a kill or stop on each victim whose pid is known, on the signal thread, to be
   * sent at `atMs` (its `start` undo journaled first); `inject` then waits for it and tells the engine.
   */
  async arm({ key, spec, victims, atMs, now, onUndo }: ArmRequest): Promise<void> {
    if (spec.action !== 'kill' && spec.action !== 'stop') return;
    const which = spec.action === 'kill' ? 'SIGKILL' : 'stop';
    for (const { containerId, name } of victims) {
      if (!containerId) continue;
      const arm: PendingArm = { key, name, which, atMs, now, onUndo };
      // Not known yet (restarting, or its inspect slow): armed when learned, if before the instant.
      if (!(await this.#armOne(arm, containerId)))
        this.#pendingArms.set(containerId, [...(this.#pendingArms.get(containerId) ?? []), arm]);
    }
  }

  /** Arms one victim's signal if its live pid is known and the instant is still ahead. */
  async #armOne(arm: PendingArm, containerId: string): Promise<boolean> {
    if (arm.now() >= arm.atMs || !this.#processes.fresh(containerId)) return false;
    const target = this.#processes.claim(containerId, arm.which);
    if ('reason' in target) return false;
    await arm.onUndo({ kind: 'start', containerId, name: arm.name });
    const armed = this.#armed.get(arm.key) ?? new Map<string, Armed>();
    this.#armed.set(arm.key, armed);
    armed.set(containerId, this.#signals.arm(target, arm.atMs, arm.now));
    return true;
  }

  /** Forgets the victims of a fault still waiting to be armed (it is being injected, or cancelled). */
  #dropPending(key: string): void {
    for (const [containerId, arms] of this.#pendingArms) {
      const rest = arms.filter((a) => a.key !== key);
      if (rest.length > 0) this.#pendingArms.set(containerId, rest);
      else this.#pendingArms.delete(containerId);
    }
  }

  async disarm(key: string): Promise<boolean> {
    this.#dropPending(key);
    const armed = this.#armed.get(key);
    this.#armed.delete(key);
    let hit = false;
    for (const { id, result } of armed?.values() ?? []) {
      this.#signals.disarm(id);
      if ((await result).sent) hit = true;
    }
    return hit;
  }

  async inject({
    key,
    spec,
    victims,
    onUndo,
    now = performance.now.bind(performance),
  }: InjectRequest): Promise<Injection> {
    const undo: UndoStep[] = [];
    this.#dropPending(key);
    const armed = this.#armed.get(key);
    this.#armed.delete(key);
    const journal = async (step: UndoStep): Promise<void> => {
      // An armed victim's step was journaled (and given to the runner) when it was armed.
      if (!(step.kind === 'start' && armed?.has(step.containerId))) await onUndo(step);
      undo.push(step);
    };
    const details: string[] = [];
    let effectAt: number | undefined;
    for (const victim of victims) {
      if (!victim.containerId) throw new FaultError(`victim ${victim.name} has no container to act on`);
      const outcome = await this.#apply(
        spec,
        victim as Victim & { containerId: string },
        spec.params ?? {},
        journal,
        this.#direct(victim.containerId, spec.action, armed, now),
      );
      details.push(outcome.detail);
      // The fault hit when it hit its first victim.
      if (outcome.effectAt !== undefined) effectAt ??= outcome.effectAt;
    }
    const injection: Injection = { victims: victims.map((v) => v.name), detail: details.join('; '), undo };
    if (effectAt !== undefined) injection.effectAt = effectAt;
    return injection;
  }

  /** The direct signal of a victim: the one armed for it, else one sent at once if its pid is known. */
  #direct(
    containerId: string,
    action: FaultAction,
    armed: Map<string, Armed> | undefined,
    now: () => number,
  ): DirectSignal {
    const ahead = armed?.get(containerId);
    if (ahead) return () => ahead.result;
    return () => {
      const sent = this.#processes.signal(containerId, action === 'stop' ? 'stop' : 'SIGKILL');
      return sent.sent ? { ...sent, effectAt: now() } : sent;
    };
  }

  async #apply(
    { action, target }: InjectRequest['spec'],
    victim: Victim & { containerId: string },
    params: NonNullable<InjectRequest['spec']['params']>,
    journal: (step: UndoStep) => Promise<void>,
    signal: DirectSignal,
  ): Promise<SignalOutcome> {
    const engine = this.#engine;
    const { containerId, name } = victim;
    const act = engineFaultAction(action);
    if (!act) throw new FaultError(`the docker driver cannot ${action}. It can: ${this.actions.join(', ')}`);
    return act.apply({
      engine,
      container: engine.getContainer(containerId),
      containerId,
      name,
      params,
      target,
      journal,
      netns: (argv) => nsenter(engine, containerId, argv),
      signal,
    });
  }

  async undo(step: UndoStep): Promise<string | undefined> {
    // A new process, a new pid: learned now (from its cgroup when it can be) for the next kill of it.
    return undoOnEngine(this.#engine, step, (id) => this.#started(id));
  }
}
