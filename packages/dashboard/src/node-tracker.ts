import { containerIsNode, endsSession, faultActionDef, type VuOp } from '@sessionchaos/core';
import type { NodeState, NodeView } from './snapshot.ts';

/** How long a restarted node shows as restarting (a restart has no heal op to end it). */
export const RESTART_MARK_MS = 5_000;
// Nodes learned from ops are capped so a target naming each response differently cannot grow the panel.
const MAX_NODES = 32;
const SESSION_STEPS: ReadonlySet<string> = new Set(['login', 'whoami', 'write', 'read']);
/** A node is a hot spot when it holds this many times its fair share. */
export const HOT_FACTOR = 1.5;
/** Users stay on their node when under this share of authenticated answers moved them. */
const PINNED_MOVE_SHARE = 0.2;
/** Answers seen before the share decides (until then users count as staying). */
const PINNED_MIN_ANSWERS = 50;

interface Hold {
  state: NodeState;
  fault: string;
  /** For a restart: until when it shows. */
  untilMs?: number;
}

interface Session {
  node: string;
  epoch: number;
}

/** The state a completed fault action puts its victims in, if it is one an app node shows (the registry says). */
export function nodeStateFor(action: string): NodeState | undefined {
  return faultActionDef(action)?.nodeState;
}

/**
 * App nodes: live sessions per node and the state faults hold them in. A VU's session counts on
 * the node of its last authenticated answer until it logs out, starts over, or is refused (a 401/403
 * or an anonymous answer: that one is a lost session). O(1) per op.
 */
export class NodeTracker {
  readonly #nodes: string[] = [];
  readonly #known = new Set<string>();
  readonly #sessionOf = new Map<number, Session>();
  readonly #sessions = new Map<string, number>();
  readonly #holds = new Map<string, Hold>();
  /** Authenticated answers, and those that came from another node than the VU's last one. */
  #answers = 0;
  #moves = 0;

  constructor(nodes: readonly string[]) {
    for (const n of nodes) this.observe(n);
  }

  /** Adds a node name seen in an op (an external target's nodes are learned this way). */
  observe(node: string): void {
    if (this.#known.has(node) || this.#nodes.length >= MAX_NODES) return;
    this.#known.add(node);
    this.#nodes.push(node);
  }

  /** Feeds one VU completion. */
  record(op: VuOp): void {
    if (op.node !== undefined) this.observe(op.node);
    const vu = op.process;
    const held = this.#sessionOf.get(vu);
    if (held && held.epoch !== op.epoch) this.#release(vu, held);
    const current = this.#sessionOf.get(vu);
    const refused = op.status === 401 || op.status === 403 || op.identity === null;
    // A logout that succeeded or a refusal ends the session here (core's lost-session checker
    // judges the refusal); a logout answered 5xx or not at all left it live.
    if (endsSession(op) || refused) {
      if (current) this.#release(vu, current);
      return;
    }
    const ok = op.status !== undefined && op.status >= 200 && op.status < 300;
    if (!ok || op.node === undefined) return;
    if (typeof op.identity !== 'string' && !SESSION_STEPS.has(op.step)) return;
    this.#answers++;
    if (current?.node === op.node) return;
    if (current) this.#moves++;
    if (current) this.#release(vu, current);
    this.#sessionOf.set(vu, { node: op.node, epoch: op.epoch });
    this.#sessions.set(op.node, (this.#sessions.get(op.node) ?? 0) + 1);
  }

  #release(vu: number, s: Session): void {
    this.#sessionOf.delete(vu);
    this.#sessions.set(s.node, (this.#sessions.get(s.node) ?? 1) - 1);
  }

  /** A fault action completed on `victims`: hold the app nodes among them. */
  hold(fault: string, action: string, victims: readonly string[], atMs: number, appTarget: boolean): void {
    const state = nodeStateFor(action);
    if (!state) return;
    for (const victim of victims) {
      // A container of the user's own cluster shows on the node it serves as (`shop-web-2` is `web-2`).
      const v = this.#known.has(victim)
        ? victim
        : (this.#nodes.find((node) => containerIsNode({ name: victim }, node)) ?? victim);
      if (!this.#known.has(v) && !appTarget) continue;
      this.observe(v);
      this.#holds.set(
        v,
        state === 'restarting' ? { state, fault, untilMs: atMs + RESTART_MARK_MS } : { state, fault },
      );
    }
  }

  /** A fault healed: its nodes are up again. */
  release(fault: string): void {
    for (const [node, hold] of this.#holds) if (hold.fault === fault) this.#holds.delete(node);
  }

  /** Whether users stay on one node (sticky, in-memory), so live sessions per node mean something. */
  get pinned(): boolean {
    return this.#answers < PINNED_MIN_ANSWERS || this.#moves / this.#answers < PINNED_MOVE_SHARE;
  }

  /** Each node's view, given the completions per node of the last ~10 s. */
  view(recentByNode: ReadonlyMap<string, number>, nowMs: number): NodeView[] {
    let recentTotal = 0;
    for (const n of recentByNode.values()) recentTotal += n;
    let liveTotal = 0;
    for (const n of this.#sessions.values()) liveTotal += n;
    const holds = new Map<string, Hold>();
    for (const name of this.#nodes) {
      const hold = this.#holds.get(name);
      if (hold && !(hold.untilMs !== undefined && nowMs > hold.untilMs)) holds.set(name, hold);
    }
    // Fair share among the nodes that can serve: a dead node's sessions moving on is not a hot spot by itself.
    const serving = this.#nodes.filter((n) => {
      const state = holds.get(n)?.state ?? 'up';
      return state === 'up' || state === 'degraded';
    }).length;
    const fair = 1 / Math.max(1, serving);
    const pinned = this.pinned;
    return this.#nodes.map((name) => {
      const recentRequests = recentByNode.get(name) ?? 0;
      const liveSessions = this.#sessions.get(name) ?? 0;
      const hold = holds.get(name);
      const requestShare = recentTotal === 0 ? 0 : recentRequests / recentTotal;
      const sessionShare = liveTotal === 0 ? 0 : liveSessions / liveTotal;
      const [n, share] = pinned ? [liveSessions, sessionShare] : [recentRequests, requestShare];
      return {
        name,
        recentRequests,
        requestShare,
        liveSessions,
        sessionShare,
        state: hold?.state ?? 'up',
        fault: hold?.fault ?? null,
        hot: fair < 1 && n > 0 && share >= fair * HOT_FACTOR,
      };
    });
  }
}
