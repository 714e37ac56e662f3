import {
  CONFIRM_REFUSAL_PROBE,
  CoverageTracker,
  isVuOp,
  type FindingKind,
  type Op,
  type Verdict,
} from '@sessionchaos/core';
import type { LiveRunInfo } from './live-reporter.ts';
import { NodeTracker } from './node-tracker.ts';
import { RedisTracker } from './redis-tracker.ts';
import { SecondRing } from './second-ring.ts';
import type { DashboardSnapshot, FindingTally, NoticeView } from './snapshot.ts';
import { TimelineTracker } from './timeline-tracker.ts';

/** A VU counts as active this long after its last op. */
export const ACTIVE_VU_MS = 5_000;
const NOTICES_KEPT = 4;

/**
 * The live view's aggregator: fed every op and finding occurrence (O(1) each: counters, a
 * per-second ring, a few maps keyed by VU, node or fault), read as a plain {@link DashboardSnapshot}
 * at most a few times a second. Nothing here touches the terminal or the clock.
 */
export class LiveState {
  readonly info: LiveRunInfo;
  readonly #ring = new SecondRing();
  readonly #nodes: NodeTracker;
  readonly #timeline: TimelineTracker;
  readonly #redis: RedisTracker | null;
  readonly #lastSeen = new Map<number, number>();
  readonly #findings = new Map<FindingKind, FindingTally>();
  readonly #notices: NoticeView[] = [];
  /** The probes' VUs: instruments, not users. */
  readonly #probes = new Set<number>();
  readonly #lostUsers = new Set<number>();
  // Core's own counter, so the live "logged in 3/10 users" is the summary's coverage.
  readonly #coverage: CoverageTracker;
  #lostSessions = 0;
  #final: DashboardSnapshot['final'] = null;
  /** Ops fed so far (a check for tests and the progress line). */
  ops = 0;

  constructor(info: LiveRunInfo) {
    this.info = info;
    this.#coverage = new CoverageTracker(10_000, info.loginPath);
    this.#nodes = new NodeTracker(info.nodes);
    this.#timeline = new TimelineTracker(info.plannedFaults);
    this.#redis = info.redis ? new RedisTracker(info.redis) : null;
  }

  /** Feeds one op (VU or fault), in time order. */
  add(op: Op): void {
    this.ops++;
    this.#coverage.feed(op);
    if (isVuOp(op)) {
      this.#lastSeen.set(op.process, op.time);
      if (op.type === 'invoke') {
        if (op.probe !== undefined && op.probe !== CONFIRM_REFUSAL_PROBE) this.#probes.add(op.process);
        return;
      }
      this.#ring.record(op);
      this.#nodes.record(op);
      return;
    }
    const event = this.#timeline.feed(op);
    if (event.kind === 'applied') {
      this.#nodes.hold(event.fault, event.action, event.victims, op.time, event.target === 'app');
      this.#redis?.applied(event.fault, event.action, event.victims, event.detail, op.time);
    } else if (event.kind === 'healed') {
      this.#nodes.release(event.fault);
      this.#redis?.healed(event.fault);
    }
  }

  /**
   * Counts finding occurrences (core's FindingListener) and ties them to their fault; lost
   * sessions and their users come from here too, so the live count is the summary's.
   */
  finding(kind: FindingKind, time: number, count: number, vu: number | null = null): void {
    if (kind === 'lost-session') {
      this.#lostSessions += count;
      if (vu !== null && !this.#probes.has(vu)) this.#lostUsers.add(vu);
    }
    const fault = this.#timeline.finding(kind, time, count);
    const t = this.#findings.get(kind);
    if (t) {
      t.count += count;
      t.lastAtMs = Math.max(t.lastAtMs, time);
      t.firstAtMs = Math.min(t.firstAtMs, time);
      t.lastFault = fault;
    } else {
      this.#findings.set(kind, { kind, count, firstAtMs: time, lastAtMs: time, lastFault: fault });
    }
  }

  /** Keeps a line to show, with when it came. */
  notice(text: string, atMs: number): void {
    this.#notices.push({ atMs, text });
    if (this.#notices.length > NOTICES_KEPT) this.#notices.shift();
  }

  /** The run is over: the verdict shows in the last frame. */
  finish(verdict: Verdict, lines: string[]): void {
    this.#final = { verdict, lines: [...lines] };
  }

  /** Everything a frame shows at `nowMs` (closes the seconds the clock has passed). */
  snapshot(nowMs: number): DashboardSnapshot {
    const ring = this.#ring;
    ring.advance(Math.max(0, Math.floor(nowMs / 1000)));
    let vusActive = 0;
    for (const [vu, at] of this.#lastSeen) {
      if (nowMs - at <= ACTIVE_VU_MS) vusActive++;
      else this.#lastSeen.delete(vu);
    }
    const last = ring.last();
    const recent = ring.recent();
    const c = this.#coverage.coverage();
    return {
      info: this.info,
      nowMs,
      vusActive,
      seconds: ring.seconds(),
      rps: last?.requests ?? 0,
      latency: { p50: last?.p50 ?? 0, p99: last?.p99 ?? 0 },
      recentMix: recent.mix,
      totalMix: { ...ring.totalMix },
      totalRequests: ring.totalRequests,
      auth: {
        share: last && last.requests > 0 ? last.unauthorized / last.requests : 0,
        baseline: ring.baseline(),
        totalUnauthorized: ring.totalUnauthorized,
        spikes: ring.spikes,
        spikeSeconds: ring.spikeSeconds,
        recentSpikes: ring.recentSpikes.map((s) => ({ ...s })),
        redirectLoops: ring.redirectLoops,
        lostSessions: this.#lostSessions,
        lostSessionUsers: this.#lostUsers.size,
      },
      coverage: { users: c.users.total, loggedIn: c.users.loggedIn, logins: { ...c.roles.login } },
      findings: [...this.#findings.values()].map((f) => ({ ...f })),
      nodes: this.#nodes.view(recent.byNode, nowMs),
      faults: this.#timeline.view(nowMs),
      redis: this.#redis?.view() ?? null,
      notices: this.#notices.map((n) => ({ ...n })),
      final: this.#final ? { verdict: this.#final.verdict, lines: [...this.#final.lines] } : null,
    };
  }
}
