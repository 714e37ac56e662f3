import type { Hop } from '@sessionchaos/core';
import type { CheckedStep, JourneyCheck } from '@sessionchaos/traffic';

function hopLine(h: Hop, i: number): string {
  const to = h.location !== undefined ? ` -> ${h.location}` : '';
  return `${i === 0 ? '' : '-> '}${h.method} ${h.url} ${h.status}${to}`;
}

function stepLines(s: CheckedStep, n: number): string[] {
  const op = s.op;
  const ms = op.latency !== undefined ? ` (${Math.round(op.latency)} ms)` : '';
  const status = op.status !== undefined ? String(op.status) : `no answer: ${op.error ?? 'unknown'}`;
  const lines = [
    `  ${String(n).padStart(2)} ${s.role.padEnd(19)} ${op.method} ${op.url} -> ${status} ${op.type}${ms}`,
  ];
  const hops = op.hops ?? [];
  if (hops.length > 1) lines.push(`       redirects: ${hops.map(hopLine).slice(1).join(' ')}`);
  const set = hops.flatMap((h) => h.set.map((c) => `${c.name}=${c.cleared ? '(cleared)' : c.hash}`));
  if (set.length > 0) lines.push(`       cookies set: ${set.join(', ')}`);
  for (const c of s.captured) lines.push(`       captured: ${c.name} = ${c.redacted}`);
  if (op.identity !== undefined)
    lines.push(`       identity: ${op.identity === null ? 'nobody (anonymous)' : op.identity}`);
  if (op.value !== undefined && (s.role === 'read' || s.role === 'write'))
    lines.push(`       value: ${JSON.stringify(op.value)}`);
  if (op.node !== undefined) lines.push(`       served by: ${op.node}`);
  if (op.error !== undefined && op.status !== undefined) lines.push(`       error: ${op.error}`);
  return lines;
}

/** The walk, one block per request, then the verdict with the problem and its likely fix. */
export function explainJourney(check: JourneyCheck, target: string): string[] {
  const lines = [`journey against ${target} as ${check.user}:`];
  check.steps.forEach((s, i) => lines.push(...stepLines(s, i + 1)));
  for (const w of check.warnings) lines.push(`  note: ${w}`);
  if (check.ok) {
    const roles = new Set(check.steps.map((s) => s.role));
    const did = ['logged in', 'whoami confirmed the user'];
    if (roles.has('write'))
      did.push(roles.has('read') ? 'session data written and read back' : 'session data written');
    if (roles.has('logout')) did.push('logged out');
    lines.push(`journey works: ${did.join(', ')}.`);
    return lines;
  }
  const f = check.failure!;
  const where = f.step !== undefined ? `step ${f.step + 1} (${check.steps[f.step]!.role})` : 'the journey';
  lines.push(`journey failed at ${where}: ${f.problem}`, `  likely fix: ${f.fix}`);
  return lines;
}
