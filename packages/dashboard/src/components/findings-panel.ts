import { Box, Text } from 'ink';
import React from 'react';
import { clock, count } from '../format.ts';
import type { FindingTally } from '../snapshot.ts';

const h = React.createElement;

/** A finding kind seen this recently is marked new. */
export const FRESH_FINDING_MS = 3_000;

// Security findings first: they are the ones that must not ship.
const CRITICAL: ReadonlySet<string> = new Set(['cross-user-leak', 'session-fixation']);

/** Props of {@link FindingsPanel}. */
export interface FindingsPanelProps {
  findings: readonly FindingTally[];
  nowMs: number;
}

/** Every finding kind seen so far: occurrences, first and last time, and the fault of the last one. */
export function FindingsPanel({ findings, nowMs }: FindingsPanelProps): React.ReactElement {
  const title = h(Text, { bold: true }, 'findings'.padEnd(11));
  if (findings.length === 0) return h(Text, null, title, h(Text, { color: 'green' }, 'none so far'));
  const sorted = [...findings].sort(
    (a, b) => Number(CRITICAL.has(b.kind)) - Number(CRITICAL.has(a.kind)) || a.firstAtMs - b.firstAtMs,
  );
  return h(
    Box,
    { flexDirection: 'column' },
    ...sorted.map((f, i) => {
      const fresh = nowMs - f.lastAtMs <= FRESH_FINDING_MS;
      const where = f.lastFault ? `in ${f.lastFault}` : 'steady state';
      return h(
        Text,
        { key: f.kind, wrap: 'truncate-end' },
        i === 0 ? title : ' '.repeat(11),
        h(Text, { color: CRITICAL.has(f.kind) ? 'magenta' : 'red', bold: fresh }, f.kind.padEnd(22)),
        count(f.count).padStart(7),
        `  ${clock(f.firstAtMs)}–${clock(f.lastAtMs)}  ${where}`,
        fresh ? h(Text, { color: 'yellow', bold: true }, '  NEW') : null,
      );
    }),
  );
}
