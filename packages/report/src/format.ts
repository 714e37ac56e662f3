import type { FaultWindow, Finding, GateResult, Recovery } from '@sessionchaos/core';

// Words and numbers shared by the text reports (JUnit, Markdown, HTML). Plain text: each
// writer escapes for its own format.

/** `12,345` (deterministic, whatever the machine's locale). */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A duration: `850 ms`, `3.4 ms`, `12.3 s`, `2 m 05 s`. */
export function ms(value: number): string {
  if (value < 10) return `${round(value, 1)} ms`;
  if (value < 1_000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(1)} s`;
  const s = Math.round(value / 1000);
  return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
}

/** A moment of the run, counted from its start: `12.3 s`. */
export function at(value: number): string {
  return `${(value / 1000).toFixed(1)} s`;
}

/** Rounds to `digits` decimals (no trailing zeros). */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** `1 user` / `3 users`. */
export function plural(n: number, word: string): string {
  return `${int(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** A gate's observed value as text, in the unit of its threshold (`-` when it could not be judged). */
export function observed(gate: GateResult): string {
  const value = gate.observed;
  if (value === null) return '-';
  if (gate.threshold.endsWith(' ms')) return ms(value);
  return Number.isInteger(value) ? int(value) : String(Number(value.toPrecision(4)));
}

/** What a fault did: `kill app → app-2`. */
export function faultAction(w: FaultWindow): string {
  const target = w.target ?? '';
  const victims = w.victims.length > 0 ? ` → ${w.victims.join(', ')}` : '';
  return `${w.action}${target ? ` ${target}` : ''}${victims}`;
}

/** When a fault was active: `10.0 s – 18.0 s`, or `10.0 s – never healed`. */
export function faultSpan(w: FaultWindow): string {
  return `${at(w.startedAtMs)} – ${w.endedAtMs === null ? 'never healed' : at(w.endedAtMs)}`;
}

/** One fault window in words: `kill-busiest#1 (kill app → app-2, 10.0 s – 18.0 s)`. */
export function faultWords(w: FaultWindow): string {
  return `${w.id} (${faultAction(w)}, ${faultSpan(w)})`;
}

/** Where a finding's occurrences fell: `8 during, 2 after` (phases with a count only). */
export function phaseWords(f: Finding): string {
  const parts: string[] = [];
  if (f.phases.during > 0) parts.push(`${int(f.phases.during)} during`);
  if (f.phases.after > 0) parts.push(`${int(f.phases.after)} after`);
  if (f.phases.steady > 0) parts.push(`${int(f.phases.steady)} steady`);
  return parts.join(', ');
}

/** When a finding happened: `at 8.1 s` or `8.1 s – 9.4 s`. */
export function findingSpan(f: Finding): string {
  const first = at(f.firstAtMs);
  const last = at(f.lastAtMs);
  return first === last ? `at ${first}` : `${first} – ${last}`;
}

/** The fault window a finding fell in, in words, or `none (steady state)`. */
export function findingWindow(f: Finding, faults: readonly FaultWindow[]): string {
  if (f.fault === null) return 'none (steady state)';
  const w = faults.find((x) => x.id === f.fault);
  return w ? faultWords(w) : f.fault;
}

/** A finding in one line: `lost-session: 12 occurrences, 8 users, 8.1 s – 9.4 s, fault window ...: detail`. */
export function findingLine(f: Finding, faults: readonly FaultWindow[]): string {
  const phases = phaseWords(f);
  return (
    `${f.kind}: ${plural(f.count, 'occurrence')}, ${plural(f.affectedUsers, 'user')}, ${findingSpan(f)}, ` +
    `fault window ${findingWindow(f, faults)}${phases ? ` [${phases}]` : ''}: ${f.detail}`
  );
}

/** Time to first bad op / to steady state of a recovery, in words. */
export function recoveryWords(r: Recovery | undefined): { firstBad: string; steady: string } {
  if (!r || r.badOps === 0) return { firstBad: 'none', steady: 'unaffected' };
  return {
    firstBad: r.toFirstBadMs === null ? '-' : ms(r.toFirstBadMs),
    steady: r.toSteadyMs !== null ? ms(r.toSteadyMs) : 'not recovered',
  };
}
