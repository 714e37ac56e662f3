import type { FindingKind, HeldNodeState, Verdict } from '@sessionchaos/core';
import type { LiveRunInfo } from './live-reporter.ts';

/** Counts of one status class mix (a second, a window, or the whole run). */
export interface StatusMix {
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
  error: number;
}

/** One closed second of the run, as the sparklines read it. */
export interface SecondView {
  second: number;
  requests: number;
  mix: StatusMix;
  /** 401 and 403 answers. */
  unauthorized: number;
  redirectLoops: number;
  /** Latency percentiles of the second's completions, ms (0 when none). */
  p50: number;
  p99: number;
  /** Its 401/403 share stood well above the ~10 s before it. */
  authSpike: boolean;
}

/** A 401/403 spike, flagged when its second closed. */
export interface AuthSpike {
  second: number;
  /** 401/403 share of that second (0–1). */
  share: number;
  /** Share over the seconds before it (0–1). */
  baseline: number;
  unauthorized: number;
}

/** What a fault does to a node while it holds. */
export type NodeState = 'up' | HeldNodeState;

/** One app node's load and state. */
export interface NodeView {
  name: string;
  /** Completions it served in the last ~10 s, and its share of all of them (0–1). */
  recentRequests: number;
  requestShare: number;
  /** Live sessions: VUs whose last authenticated answer came from it. */
  liveSessions: number;
  sessionShare: number;
  state: NodeState;
  /** The fault holding it, when one does. */
  fault: string | null;
  /**
   * A hot spot: 1.5 times its fair share (among the nodes up) of live sessions where users stay on
   * their node (sticky, in-memory), else of requests: behind a round robin with a shared store a
   * user's "node" changes on every request, and its session share is noise.
   */
  hot: boolean;
}

/** Where a fault is in its life. */
export type FaultPhase = 'upcoming' | 'active' | 'healing' | 'past' | 'failed';

/** One fault on the timeline, planned or injected. */
export interface TimelineFault {
  key: string;
  action: string;
  target: string;
  victims: string[];
  phase: FaultPhase;
  /** Actual start once it started, else the planned one. */
  startMs: number;
  /** Actual end once healed, else the planned one (`null` when unknown, e.g. injected by a key). */
  endMs: number | null;
  detail: string | null;
  error: string | null;
  /** Finding occurrences that fell inside it (or just after its heal), by kind. */
  findings: { kind: FindingKind; count: number }[];
  /** When they fell (ms, one per second at most, bounded), for the markers. */
  findingTimes: number[];
}

/** One finding kind so far. */
export interface FindingTally {
  kind: FindingKind;
  count: number;
  firstAtMs: number;
  lastAtMs: number;
  /** The fault its most recent occurrence fell in, or `null` in steady state. */
  lastFault: string | null;
}

/** The Redis topology, as fault ops changed it. */
export interface RedisView {
  primary: string;
  replicas: string[];
  sentinels: number;
  /** Servers a fault holds down, paused or cut off. */
  down: string[];
  failovers: number;
  lastFailover: { atMs: number; from: string; to: string; electionMs: number } | null;
}

/** A line shown under the panels. */
export interface NoticeView {
  atMs: number;
  text: string;
}

/** Everything a frame shows: a plain object built once per render, never per request. */
export interface DashboardSnapshot {
  info: LiveRunInfo;
  nowMs: number;
  /** VUs with an op in the last few seconds. */
  vusActive: number;
  /** The last ~60 closed seconds, oldest first. */
  seconds: SecondView[];
  /** Last closed second's rate and latency. */
  rps: number;
  latency: { p50: number; p99: number };
  /** Status mix over the last ~10 s, and over the whole run. */
  recentMix: StatusMix;
  totalMix: StatusMix;
  totalRequests: number;
  auth: {
    /** 401/403 share of the last closed second and of the ~10 s before it (0–1). */
    share: number;
    baseline: number;
    totalUnauthorized: number;
    /** Spike episodes (consecutive spike seconds count once), and seconds flagged. */
    spikes: number;
    spikeSeconds: number;
    /** The most recent spikes, newest last. */
    recentSpikes: AuthSpike[];
    redirectLoops: number;
    /** Live sessions that ended in a refusal rather than a logout, and how many users that hit. */
    lostSessions: number;
    lostSessionUsers: number;
  };
  /** The load's users seen and those that ever logged in, and the logins tried and accepted so far. */
  coverage: { users: number; loggedIn: number; logins: { attempts: number; ok: number } };
  findings: FindingTally[];
  nodes: NodeView[];
  faults: TimelineFault[];
  redis: RedisView | null;
  notices: NoticeView[];
  final: { verdict: Verdict; lines: string[] } | null;
}
