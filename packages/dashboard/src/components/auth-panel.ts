import { Box, Text } from 'ink';
import React from 'react';
import { clock, count, percent, sparkline } from '../format.ts';
import type { DashboardSnapshot, SecondView } from '../snapshot.ts';
import { SPARK_WIDTH } from './throughput.ts';

const h = React.createElement;

/** A spike this recent shows as happening now. */
export const SPIKE_NOW_MS = 3_000;

/** Props of {@link AuthPanel}. */
export interface AuthPanelProps {
  auth: DashboardSnapshot['auth'];
  seconds: readonly SecondView[];
  nowMs: number;
}

/** 401/403s per second with spikes flagged as they happen; redirect loops and lost sessions. */
export function AuthPanel({ auth, seconds, nowMs }: AuthPanelProps): React.ReactElement {
  // The spike seconds show as `!` under the sparkline, so they stand out at a glance.
  const tail = seconds.slice(Math.max(0, seconds.length - SPARK_WIDTH));
  const marks = tail
    .map((s) => (s.authSpike ? '!' : ' '))
    .join('')
    .padStart(SPARK_WIDTH, ' ');
  const spark = tail.map((s) => s.unauthorized);
  const last = auth.recentSpikes.at(-1);
  const now = last !== undefined && nowMs - (last.second + 1) * 1000 <= SPIKE_NOW_MS;
  const rate = `${percent(auth.share)}/s`;
  return h(
    Box,
    { flexDirection: 'column' },
    h(
      Text,
      null,
      h(Text, { bold: true }, '401/403'.padEnd(11)),
      rate.padStart(10),
      '  ',
      h(Text, { color: 'yellow' }, sparkline(spark, SPARK_WIDTH)),
    ),
    auth.spikes > 0 ? h(Text, { color: 'red' }, ' '.repeat(23) + marks) : null,
    h(
      Text,
      { wrap: 'truncate-end' },
      ' '.repeat(11),
      `baseline ${percent(auth.baseline)}  total ${count(auth.totalUnauthorized)}  `,
      last
        ? h(
            Text,
            { color: 'red', bold: now },
            `${now ? 'SPIKE NOW' : 'last spike'} ${clock(last.second * 1000)}: ${percent(last.share)} refused (${last.unauthorized}), was ${percent(last.baseline)}  spikes ${auth.spikes} (${auth.spikeSeconds} s)`,
          )
        : h(Text, { color: 'gray' }, 'no spike'),
    ),
    h(
      Text,
      null,
      h(Text, { bold: true }, 'sessions'.padEnd(11)),
      h(
        Text,
        { color: auth.lostSessions > 0 ? 'red' : undefined },
        `lost ${count(auth.lostSessions)} (${count(auth.lostSessionUsers)} users)`,
      ),
      '  ',
      h(
        Text,
        { color: auth.redirectLoops > 0 ? 'red' : undefined },
        `redirect loops ${count(auth.redirectLoops)}`,
      ),
    ),
  );
}
