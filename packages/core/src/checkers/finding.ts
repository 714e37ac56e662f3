/** The stable kebab-case finding kinds (ARCHITECTURE.md, summary.json). */
export const FINDING_KINDS = [
  'lost-session',
  'transient-refusal',
  'unauthorized-spike',
  'redirect-loop',
  'stale-read',
  'lost-update',
  'cross-user-leak',
  'session-fixation',
  'logout-not-propagated',
  'hotspot',
  'store-outage',
  'error-spike',
] as const;

/** One of {@link FINDING_KINDS}. */
export type FindingKind = (typeof FINDING_KINDS)[number];

/** How bad a finding is for users: `critical` = security (leak, fixation), `major` = users hurt. */
export type Severity = 'critical' | 'major' | 'minor';

/** Where the bad ops of a finding fell relative to the fault windows. */
export interface PhaseCounts {
  /** While a fault was active. */
  during: number;
  /** Within `afterFaultMs` after a fault healed. */
  after: number;
  /** Outside any fault and its tail. */
  steady: number;
}

/** One anomaly kind, grouped by the fault window it overlaps. */
export interface Finding {
  kind: FindingKind;
  /** Occurrences (ops, incidents or windows: the detail says which). */
  count: number;
  firstAtMs: number;
  lastAtMs: number;
  /** A sample of the affected VU ids of the load (sorted, bounded by `sampleSize`); probes are not users. */
  users: number[];
  /** Distinct load VUs affected (the sample may be smaller); the detail names probes affected too. */
  affectedUsers: number;
  /** Id of the fault window the occurrences fell in (or after), or `null`. */
  fault: string | null;
  /** One human sentence. */
  detail: string;
  severity: Severity;
  phases: PhaseCounts;
  /**
   * The evidence: positions in the history (from 0: the `index` of history.ndjson's ops) of a few
   * occurrences' ops, from distinct VUs where it can (at most {@link MAX_EXAMPLES}); empty for
   * occurrences that are windows, not ops (a hotspot).
   */
  examples: number[];
}

/** How many example ops a finding keeps: enough to tell its story, few enough to stay small. */
export const MAX_EXAMPLES = 3;

/** Per fault: how long until things went wrong, and until they were right again. */
export interface Recovery {
  fault: string;
  startedAtMs: number;
  endedAtMs: number | null;
  /** Bad ops (anomalies, errors) attributed to this fault. */
  badOps: number;
  /** From fault start to the first bad op; `null` when the fault hurt nothing. */
  toFirstBadMs: number | null;
  /** From fault start to the last bad op. */
  toLastBadMs: number | null;
  /**
   * From fault start to the first good op after the last bad one, once the run then stayed
   * clean for a whole window; `null` when it never settled (or nothing went wrong).
   */
  toSteadyMs: number | null;
  recovered: boolean;
}
