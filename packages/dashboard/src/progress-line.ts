import { isFaultOp, type Op } from '@sessionchaos/core';
import { clock, millis, percent } from './format.ts';
import type { DashboardSnapshot, StatusMix } from './snapshot.ts';

function mixLine(m: StatusMix): string {
  const n = m['2xx'] + m['3xx'] + m['4xx'] + m['5xx'] + m.error;
  const share = (k: keyof StatusMix): string => percent(n === 0 ? 0 : m[k] / n);
  return `2xx ${share('2xx')} 3xx ${share('3xx')} 4xx ${share('4xx')} 5xx ${share('5xx')} err ${share('error')}`;
}

/** `logged in 3/10 users`, and (unless `short`) the refusals when no login got through yet: a broken journey shows at once. */
export function loggedInPart(s: DashboardSnapshot, short = false): string {
  const c = s.coverage;
  const refused = short
    ? ''
    : c.loggedIn === 0 && c.logins.attempts > 0
      ? ` (${c.logins.attempts} logins, none accepted)`
      : '';
  return `logged in ${c.loggedIn}/${c.users} user${c.users === 1 ? '' : 's'}${refused}`;
}

/** One plain progress line: elapsed, rate, status mix, p99, VUs, users logged in, findings and active faults. */
export function progressLine(s: DashboardSnapshot, rps: number): string {
  const planned = s.info.durationMs > 0 ? `/${clock(s.info.durationMs)}` : '';
  const findings =
    s.findings.length === 0 ? 'none' : s.findings.map((f) => `${f.kind} ${f.count}`).join(', ');
  const active = s.faults.filter((f) => f.phase === 'active' || f.phase === 'healing').map((f) => f.key);
  const parts = [
    `[${clock(s.nowMs)}${planned}]`,
    `${Math.round(rps)} rps`,
    mixLine(s.recentMix),
    `p99 ${millis(s.latency.p99)}`,
    `VUs ${s.vusActive}`,
    loggedInPart(s),
    `findings: ${findings}`,
  ];
  if (s.auth.spikes > 0) parts.push(`401/403 spikes ${s.auth.spikes}`);
  if (active.length > 0) parts.push(`faults active: ${active.join(', ')}`);
  return parts.join('  ');
}

/** A line for a fault op worth telling at once (a completion), or `null`. */
export function faultLine(op: Op): string | null {
  if (!isFaultOp(op) || op.type === 'invoke') return null;
  const at = `[${clock(op.time)}]`;
  const heal = op.action === 'heal' || op.action === 'unpause';
  if (op.type !== 'ok') {
    const error = (op.error ?? 'no reason given').split('\n')[0];
    return `${at} fault ${op.fault}: ${heal ? 'heal' : op.action} ${op.type === 'info' ? 'outcome unknown' : 'failed'} - ${error}`;
  }
  if (heal) return `${at} fault ${op.fault} healed${op.detail ? ` (${op.detail})` : ''}`;
  const victims = op.victims && op.victims.length > 0 ? ` -> ${op.victims.join(', ')}` : '';
  return `${at} fault ${op.fault}: ${op.action} ${op.target ?? ''}${victims}${op.detail ? ` (${op.detail})` : ''}`;
}
