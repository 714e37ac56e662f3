import { Box, Text } from 'ink';
import React from 'react';
import { clock, count } from '../format.ts';
import type { FaultPhase, TimelineFault } from '../snapshot.ts';

const h = React.createElement;

/** Columns of the timeline bar (the whole run). */
export const TIMELINE_WIDTH = 50;
/** Faults shown at most: the active ones first, then the nearest past and upcoming. */
export const TIMELINE_ROWS = 6;

const PHASE: Record<FaultPhase, { label: string; color: string; fill: string }> = {
  active: { label: 'ACTIVE', color: 'red', fill: '▓' },
  healing: { label: 'healing', color: 'yellow', fill: '▓' },
  failed: { label: 'FAILED', color: 'magenta', fill: 'x' },
  past: { label: 'past', color: 'green', fill: '█' },
  upcoming: { label: 'upcoming', color: 'gray', fill: '░' },
};
const RANK: Record<FaultPhase, number> = { active: 0, healing: 0, failed: 1, past: 2, upcoming: 3 };

/** Props of {@link FaultTimeline}. */
export interface FaultTimelineProps {
  faults: readonly TimelineFault[];
  nowMs: number;
  /** Planned run length (0 when open-ended). */
  durationMs: number;
}

/** The run as one bar per fault: its window, where now is, and `!` where findings fell in it. */
export function timelineBar(f: TimelineFault, nowMs: number, spanMs: number, width = TIMELINE_WIDTH): string {
  const col = (t: number): number => Math.min(width - 1, Math.max(0, Math.floor((t / spanMs) * width)));
  const open = f.phase === 'active' || f.phase === 'healing';
  const end = f.endMs !== null && !open ? f.endMs : open ? Math.max(nowMs, f.startMs) : f.startMs;
  const cells = Array.from({ length: width }, () => '·');
  cells[col(nowMs)] = '|';
  for (let c = col(f.startMs); c <= col(end); c++) cells[c] = PHASE[f.phase].fill;
  for (const t of f.findingTimes) cells[col(t)] = '!';
  return cells.join('');
}

function pick(faults: readonly TimelineFault[], nowMs: number): TimelineFault[] {
  const near = (f: TimelineFault): number => Math.abs(f.startMs - nowMs);
  return [...faults]
    .sort((a, b) => RANK[a.phase] - RANK[b.phase] || near(a) - near(b))
    .slice(0, TIMELINE_ROWS)
    .sort((a, b) => a.startMs - b.startMs);
}

/** Past, active and upcoming faults, each with its findings marked inside its window. */
export function FaultTimeline({ faults, nowMs, durationMs }: FaultTimelineProps): React.ReactElement {
  const title = h(Text, { bold: true }, 'faults'.padEnd(11));
  if (faults.length === 0) return h(Text, null, title, h(Text, { color: 'gray' }, 'none planned'));
  const span = Math.max(1, durationMs, nowMs, ...faults.map((f) => f.endMs ?? f.startMs));
  const shown = pick(faults, nowMs);
  const hidden = faults.length - shown.length;
  return h(
    Box,
    { flexDirection: 'column' },
    ...shown.map((f, i) => {
      const p = PHASE[f.phase];
      const victims = f.victims.length > 0 ? ` -> ${f.victims.join(', ')}` : '';
      const window = `${clock(f.startMs)}-${f.endMs === null ? '...' : clock(f.endMs)}`;
      const found = f.findings.map((x) => `${x.kind} ${count(x.count)}`).join(', ');
      return h(
        Box,
        { key: f.key, flexDirection: 'column' },
        h(
          Text,
          { wrap: 'truncate-end' },
          i === 0 ? title : ' '.repeat(11),
          h(Text, { color: p.color, bold: f.phase === 'active' }, p.label.padEnd(9)),
          `${f.key}  ${f.action} ${f.target}${victims}  ${window}`,
          f.error ? h(Text, { color: 'magenta' }, `  ${f.error.split('\n')[0]}`) : null,
        ),
        h(
          Text,
          { wrap: 'truncate-end' },
          ' '.repeat(11),
          h(Text, { color: p.color }, timelineBar(f, nowMs, span)),
          found ? h(Text, { color: 'red' }, `  ${found}`) : null,
        ),
      );
    }),
    hidden > 0 ? h(Text, { color: 'gray' }, `${' '.repeat(11)}(${hidden} more)`) : null,
  );
}
