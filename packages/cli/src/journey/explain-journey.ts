import type { Hop } from '@sessionchaos/core';
import type { CheckedStep, JourneyCheck } from '@sessionchaos/traffic';

/** A URL without its query: long state and code parameters say nothing a person needs here. */
function short(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}

function hopLine(h: Hop): string {
  return `${h.method} ${short(h.url)} ${h.status}`;
}

function stepLines(s: CheckedStep, n: number): string[] {
  const op = s.op;
  const ms = op.latency !== undefined ? ` (${Math.round(op.latency)} ms)` : '';
  // A step never sent and headers over the limit are named as such: neither is the target's silence.
  const status =
    op.status !== undefined
      ? String(op.status)
      : op.notSent === true || op.error?.startsWith('headers-too-large') === true
        ? (op.error ?? 'not-sent').split(':')[0]!
        : `no answer: ${op.error ?? 'unknown'}`;
  const lines = [
    `  ${String(n).padStart(2)} ${s.role.padEnd(19)} ${op.method} ${op.url} -> ${status} ${op.type}${ms}`,
  ];
  const hops = op.hops ?? [];
  for (const h of hops.slice(1)) lines.push(`       -> ${hopLine(h)}`);
  // The cookies the walk holds after this request, by name (a chain may set one several times).
  const set = new Map<string, string>();
  for (const c of hops.flatMap((h) => h.set)) set.set(c.name, c.cleared ? '(cleared)' : c.hash);
  if (set.size > 0) lines.push(`       cookies set: ${[...set].map(([k, v]) => `${k}=${v}`).join(', ')}`);
  for (const c of s.captured) lines.push(`       captured: ${c.name} = ${c.redacted}`);
  if (op.identity !== undefined)
    lines.push(`       identity: ${op.identity === null ? 'nobody (anonymous)' : op.identity}`);
  if (op.value !== undefined && (s.role === 'read' || s.role === 'write'))
    lines.push(`       value: ${JSON.stringify(op.value)}`);
  if (op.node !== undefined) lines.push(`       served by: ${op.node}`);
  if (op.error !== undefined && (op.status !== undefined || !status.startsWith('no answer')))
    lines.push(`       error: ${op.error}`);
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
