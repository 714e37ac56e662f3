import type { CheckContext } from './checker.ts';
import type { Finding, FindingKind, PhaseCounts, Severity } from './finding.ts';
import { MAX_EXAMPLES } from './finding.ts';

/** Occurrences of one kind within one fault window (or steady state). */
export interface FindingGroup {
  fault: string | null;
  count: number;
  firstAtMs: number;
  lastAtMs: number;
  /** The load's VUs affected. */
  users: Set<number>;
  /** The probes' VUs affected (instruments, not users). */
  probes: Set<number>;
  phases: PhaseCounts;
  /** History positions of the first occurrences' ops, from distinct VUs (at most {@link MAX_EXAMPLES}). */
  examples: number[];
  /** The VUs of {@link examples}, so that the next example shows another user. */
  exampleVus: Set<number>;
}

/**
 * Collects the occurrences of one finding kind, grouped by the fault window they fall in,
 * and tells the recovery tracker about each.
 */
export class FindingAccumulator {
  readonly #kind: FindingKind;
  readonly #severity: Severity;
  readonly #ctx: CheckContext;
  readonly #groups = new Map<string | null, FindingGroup>();
  readonly #badOps: boolean;

  /**
   * `badOps: false` for occurrences that are windows judged as a whole (a hotspot), not bad
   * ops: they do not hold back a fault's recovery.
   */
  constructor(kind: FindingKind, severity: Severity, ctx: CheckContext, { badOps = true } = {}) {
    this.#kind = kind;
    this.#severity = severity;
    this.#ctx = ctx;
    this.#badOps = badOps;
  }

  /**
   * One occurrence at `time`, affecting `vu` (or no VU in particular). `op` is the history position
   * of the op that shows it (`ctx.current().index` when it was fed); left out, it is the op being fed
   * when that op is `vu`'s at `time` (so a checker that judges the op in hand gets its examples for
   * free), else the occurrence has none. `sentAt`: when its request was sent, for an occurrence
   * judged after later ops (a refusal confirmed by the next one).
   */
  add(time: number, vu: number | null, count = 1, op?: number, sentAt?: number): void {
    const at = this.#ctx.faults.at(time);
    let group = this.#groups.get(at.fault);
    if (!group) {
      group = {
        fault: at.fault,
        count: 0,
        firstAtMs: time,
        lastAtMs: time,
        users: new Set(),
        probes: new Set(),
        phases: { during: 0, after: 0, steady: 0 },
        examples: [],
        exampleVus: new Set(),
      };
      this.#groups.set(at.fault, group);
    }
    group.count += count;
    group.firstAtMs = Math.min(group.firstAtMs, time);
    group.lastAtMs = Math.max(group.lastAtMs, time);
    group.phases[at.phase] += count;
    if (group.examples.length < MAX_EXAMPLES) this.#example(group, time, vu, op);
    if (vu !== null) (this.#ctx.probes.has(vu) ? group.probes : group.users).add(vu);
    if (this.#badOps) this.#ctx.noteBad(time, this.#kind, count, vu, sentAt);
    else this.#ctx.noteFinding(time, this.#kind, count, vu);
  }

  #example(group: FindingGroup, time: number, vu: number | null, op: number | undefined): void {
    let index = op;
    if (index === undefined) {
      const current = this.#ctx.current();
      if (current === null || current.time !== time || current.process !== vu) return;
      index = current.index;
    }
    // One example per VU: three users' stories say more than one user's three refusals.
    if (vu !== null) {
      if (group.exampleVus.has(vu)) return;
      group.exampleVus.add(vu);
    }
    group.examples.push(index);
  }

  /** Total occurrences so far. */
  get total(): number {
    let n = 0;
    for (const g of this.#groups.values()) n += g.count;
    return n;
  }

  /** One finding per group, with the sentence `describe` writes for it. */
  toFindings(describe: (group: FindingGroup) => string): Finding[] {
    const size = this.#ctx.options.sampleSize;
    return [...this.#groups.values()].map((g) => ({
      kind: this.#kind,
      count: g.count,
      firstAtMs: g.firstAtMs,
      lastAtMs: g.lastAtMs,
      users: [...g.users].sort((a, b) => a - b).slice(0, size),
      affectedUsers: g.users.size,
      fault: g.fault,
      detail: describe(g),
      severity: this.#severity,
      phases: { ...g.phases },
      examples: [...g.examples],
    }));
  }
}

/** `n thing` / `n things`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Who a group touched: `3 users`, `3 users and 1 probe`, `1 probe` (`word` names the users). */
export function who(group: FindingGroup, word = 'user'): string {
  const users = plural(group.users.size, word);
  if (group.probes.size === 0) return users;
  const probes = plural(group.probes.size, 'probe');
  return group.users.size === 0 ? probes : `${users} and ${probes}`;
}

/** `during fault x` / `after fault x` / `in steady state`, for sentences. */
export function where(group: FindingGroup): string {
  if (group.fault === null) return 'outside any fault';
  return group.phases.during > 0 ? `during fault ${group.fault}` : `after fault ${group.fault}`;
}
