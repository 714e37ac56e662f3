import { Box, Text, useInput } from 'ink';
import React, { useState } from 'react';
import { commandForKey, type DashboardCommand } from '../dashboard-commands.ts';
import { clock } from '../format.ts';
import type { DashboardSnapshot } from '../snapshot.ts';
import { AuthPanel } from './auth-panel.ts';
import { FaultTimeline } from './fault-timeline.ts';
import { FindingsPanel } from './findings-panel.ts';
import { Header } from './header.ts';
import { HelpOverlay } from './help-overlay.ts';
import { NodesPanel } from './nodes-panel.ts';
import { RedisPanel } from './redis-panel.ts';
import { StatusMixPanel } from './status-mix.ts';
import { Throughput } from './throughput.ts';

const h = React.createElement;

/** Notices older than this fade out of the frame. */
export const NOTICE_MS = 15_000;

/** Props of {@link App}. */
export interface AppProps {
  snapshot: DashboardSnapshot;
  /** A key was pressed that stands for a command (Ctrl-C is `quit`). */
  onCommand: (c: DashboardCommand) => void;
  /** Whether keys are read (off in the final frame). */
  keys?: boolean;
}

function Keys({ onCommand, toggleHelp }: { onCommand: AppProps['onCommand']; toggleHelp: () => void }): null {
  useInput((input, key) => {
    if (key.ctrl && input === 'c') return onCommand('quit');
    if (input === '?') return toggleHelp();
    const command = commandForKey(input);
    if (command) onCommand(command);
  });
  return null;
}

/** The whole dashboard: one frame from one snapshot; `?` swaps the panels for the key help. */
export function App({ snapshot: s, onCommand, keys = true }: AppProps): React.ReactElement {
  const [help, setHelp] = useState(false);
  const notices = s.notices.filter((n) => s.nowMs - n.atMs <= NOTICE_MS || s.final !== null);
  const panels = help
    ? [h(HelpOverlay, { key: 'help', interactive: s.info.interactive })]
    : [
        h(Throughput, { key: 'throughput', seconds: s.seconds, rps: s.rps, latency: s.latency }),
        h(StatusMixPanel, { key: 'mix', recent: s.recentMix, total: s.totalMix }),
        h(AuthPanel, { key: 'auth', auth: s.auth, seconds: s.seconds, nowMs: s.nowMs }),
        h(FindingsPanel, { key: 'findings', findings: s.findings, nowMs: s.nowMs }),
        h(NodesPanel, { key: 'nodes', nodes: s.nodes }),
        s.redis ? h(RedisPanel, { key: 'redis', redis: s.redis }) : null,
        h(FaultTimeline, { key: 'faults', faults: s.faults, nowMs: s.nowMs, durationMs: s.info.durationMs }),
      ];
  return h(
    Box,
    { flexDirection: 'column' },
    keys ? h(Keys, { onCommand, toggleHelp: () => setHelp((v) => !v) }) : null,
    h(Header, { snapshot: s }),
    h(Text, { color: 'gray' }, '─'.repeat(84)),
    ...panels,
    ...notices.map((n, i) => h(Text, { key: `notice-${i}`, color: 'yellow' }, `${clock(n.atMs)}  ${n.text}`)),
    s.final
      ? null
      : h(
          Text,
          { color: 'gray' },
          s.info.interactive
            ? '? help  k kill busiest  f kill Redis primary  h heal all  space pause traffic  q quit'
            : '? help  space pause traffic  q quit',
        ),
  );
}
