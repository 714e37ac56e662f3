import { Box, Text } from 'ink';
import React from 'react';
import { clock, count } from '../format.ts';
import { loggedInPart } from '../progress-line.ts';
import type { DashboardSnapshot } from '../snapshot.ts';
import type { Verdict } from '@sessionchaos/core';

const h = React.createElement;

// `satisfies`: a verdict added to core without a colour here fails the typecheck.
const VERDICT_COLOR = {
  pass: 'green',
  fail: 'red',
  unknown: 'yellow',
  interrupted: 'magenta',
} as const satisfies Record<Verdict, string>;

/** Props of {@link Header}. */
export interface HeaderProps {
  snapshot: DashboardSnapshot;
}

/** Scenario, target, strategy, seed; elapsed and remaining time, active VUs, users logged in, and the verdict once known. */
export function Header({ snapshot: s }: HeaderProps): React.ReactElement {
  const { info } = s;
  const remaining =
    info.durationMs > 0 ? `remaining ${clock(Math.max(0, info.durationMs - s.nowMs))}` : 'open-ended';
  const planned = info.durationMs > 0 ? ` / ${clock(info.durationMs)}` : '';
  return h(
    Box,
    { flexDirection: 'column' },
    h(
      Text,
      { wrap: 'truncate-end' },
      h(Text, { bold: true, color: 'cyan' }, 'sessionchaos '),
      h(Text, { bold: true }, info.scenario),
      `  target ${info.target}  strategy ${info.strategy ?? 'external'}  seed ${info.seed}`,
    ),
    h(
      Text,
      null,
      `elapsed ${clock(s.nowMs)}${planned}  ${remaining}  VUs ${s.vusActive} active  ${count(s.totalRequests)} requests  `,
      h(
        Text,
        {
          color: s.coverage.logins.attempts > 0 && s.coverage.loggedIn === 0 ? 'yellow' : undefined,
          bold: s.coverage.logins.attempts > 0 && s.coverage.loggedIn === 0,
        },
        loggedInPart(s, true),
      ),
      s.final
        ? h(
            Text,
            { bold: true, color: VERDICT_COLOR[s.final.verdict] },
            `  verdict ${s.final.verdict.toUpperCase()}`,
          )
        : null,
    ),
  );
}
