/** What the comparison ran: the same load and fault plan for every strategy. */
export interface CompareRun {
  users: number;
  durationMs: number;
  /** `kill`: one app node (the busiest), or the session store, killed at `faultAtMs` for `faultForMs`. */
  faults: 'kill' | 'none';
  faultAtMs: number;
  faultForMs: number;
  seed: number;
  /** Wall time of the whole comparison, labs included. */
  tookMs: number;
}
