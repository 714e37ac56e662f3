import { Box, Text } from 'ink';
import React from 'react';
import { bar, count, percent } from '../format.ts';
import type { NodeState, NodeView } from '../snapshot.ts';

const h = React.createElement;

const STATE_COLOR: Record<NodeState, string> = {
  up: 'green',
  down: 'red',
  paused: 'yellow',
  partitioned: 'magenta',
  restarting: 'yellow',
  degraded: 'yellow',
};

/** Props of {@link NodesPanel}. */
export interface NodesPanelProps {
  nodes: readonly NodeView[];
}

/** Per node: share of requests (bar), live sessions, and the state a fault holds it in. */
export function NodesPanel({ nodes }: NodesPanelProps): React.ReactElement {
  const title = h(Text, { bold: true }, 'nodes'.padEnd(11));
  if (nodes.length === 0) return h(Text, null, title, h(Text, { color: 'gray' }, 'none seen yet'));
  const width = Math.max(6, ...nodes.map((n) => n.name.length));
  return h(
    Box,
    { flexDirection: 'column' },
    ...nodes.map((n, i) => {
      const state = n.state === 'up' ? 'up' : n.state.toUpperCase();
      return h(
        Text,
        { key: n.name, wrap: 'truncate-end' },
        i === 0 ? title : ' '.repeat(11),
        n.name.padEnd(width + 1),
        h(Text, { color: n.state === 'up' ? 'cyan' : 'gray' }, bar(n.requestShare, 20)),
        ` ${percent(n.requestShare).padStart(4)} req  `,
        `${count(n.liveSessions).padStart(5)} sessions ${percent(n.sessionShare).padStart(4)}  `,
        h(Text, { color: STATE_COLOR[n.state], bold: n.state !== 'up' }, state),
        n.fault ? h(Text, { color: 'gray' }, ` (${n.fault})`) : null,
        n.hot ? h(Text, { color: 'red', bold: true }, '  HOT') : null,
      );
    }),
  );
}
