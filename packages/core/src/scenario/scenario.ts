import type { CheckOptions } from '../checkers/options.ts';
import type { FindingKind } from '../checkers/finding.ts';
import type { FaultParams, FaultSpec, FaultTarget, VictimSelector } from '../faults/fault-spec.ts';
import type { FaultAction } from '../history/op.ts';
import type { MetricScope } from '../metrics/run-metrics.ts';
import type { GateVerdict, Threshold } from '../gate/threshold.ts';
import type { Duration } from './duration.ts';
import type { JourneySpec } from './journey.ts';
import type { LoadSpec } from './load.ts';

/** A fault as a scenario file writes it: times as durations, the target as a role shorthand or an object. */
export interface FaultInput {
  id: string;
  action: FaultAction;
  /** A role (`app`, `redis-primary`...) or `{role}`, `{container}`, `{label: key=value}`. Optional for `exec`. */
  target?: string | FaultTarget;
  select?: VictimSelector;
  at: Duration;
  duration?: Duration;
  every?: Duration;
  times?: number;
  params?: Omit<FaultParams, 'timeoutMs' | 'confirmTimeoutMs'> & {
    timeout?: Duration;
    confirmTimeout?: Duration;
  };
  /** False: the run is judged even when this fault did not take effect (default true). */
  required?: boolean;
}

/** One gate threshold as a scenario file writes it. */
export type GateInput =
  | { finding: FindingKind; max?: number; maxRate?: number; scope?: MetricScope; name?: string }
  | { latency: string | number; max: Duration; scope?: MetricScope; name?: string }
  | { errorRate: number; scope?: MetricScope; name?: string };

/** The load as a scenario file writes it (closed by default). */
export interface LoadInput {
  model?: 'closed' | 'open';
  /** Closed: the VUs. */
  users?: number;
  duration?: Duration;
  /** Closed: iterations per VU (instead of, or with, a duration). */
  iterations?: number;
  think?: Duration | { min: Duration; max: Duration };
  rampUp?: Duration;
  rampDown?: Duration;
  /** Open: arrivals per second, the most VUs at once, and what arrives. */
  rate?: number;
  maxUsers?: number;
  arrivals?: 'iterations' | 'users';
  /**
   * How long requests in flight when the duration ends may still take (default 2s): past it they are
   * cut and recorded as indeterminate, so the run ends within duration + grace (+ its faults' heal).
   */
  grace?: Duration;
}

/** What the run is aimed at: the lab (started for the run), or any cluster by URL. */
export type TargetInput =
  | { lab: { strategy: string } & Record<string, unknown> }
  | {
      url: string;
      /** The app nodes behind the URL: their count, or their own URLs (the logout probe asks each). */
      nodes?: number | string[];
      journey?: Partial<JourneySpec>;
    };

/** A scenario as written (YAML, or TypeScript through `defineScenario`). */
export interface ScenarioInput {
  name: string;
  /** What it demonstrates and the verdict to expect. */
  description: string;
  target: TargetInput;
  load: LoadInput;
  faults?: FaultInput[];
  /** Thresholds; absent: no finding of any kind is allowed. */
  gate?: GateInput[];
  /** Checker options (`CheckOptions`); fields ending in `Ms` may drop the suffix and take a duration. */
  check?: Record<string, number | string>;
  /** Session probes (concurrent writes, logout replay, fixation): how often one runs; `false` for none. */
  probes?: { every?: Duration | false };
  /** What the scenario demonstrates: documentation and test assertions; it never changes the exit code. */
  expect?: { verdict?: GateVerdict; findings?: FindingKind[] };
  seed?: number;
}

/** A scenario, checked and resolved: what `sessionchaos run` executes. */
export interface Scenario {
  name: string;
  description: string;
  target:
    | { kind: 'lab'; lab: { strategy: string } & Record<string, unknown> }
    | { kind: 'url'; url: string; nodeUrls: string[]; nodeCount: number | undefined };
  journey: JourneySpec;
  load: LoadSpec;
  faults: FaultSpec[];
  thresholds: Threshold[];
  check: CheckOptions;
  /** Ms between two probe rounds, or null for none. */
  probeEveryMs: number | null;
  expect: { verdict?: GateVerdict; findings?: FindingKind[] } | undefined;
  seed: number | undefined;
}

/** Command-line overrides of a scenario (`--target`, `--users`, `--duration`, `--seed`). */
export interface ScenarioOverrides {
  target?: string;
  users?: number;
  durationMs?: number;
  seed?: number;
}

/** Types a scenario written in TypeScript (`export default defineScenario({...})`); it is validated when run. */
export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}
