import { Box, Text } from 'ink';
import React from 'react';
import { clock, millis } from '../format.ts';
import type { RedisView } from '../snapshot.ts';

const h = React.createElement;

/** Props of {@link RedisPanel}. */
export interface RedisPanelProps {
  redis: RedisView;
}

/** The Redis topology: primary, replicas (down ones marked), Sentinels, failovers. */
export function RedisPanel({ redis }: RedisPanelProps): React.ReactElement {
  const down = new Set(redis.down);
  const name = (n: string): React.ReactElement =>
    h(Text, { key: n, color: down.has(n) ? 'red' : undefined }, down.has(n) ? `${n} (down)` : n);
  const replicas = redis.replicas.flatMap((r, i) => (i === 0 ? [name(r)] : [', ', name(r)]));
  const f = redis.lastFailover;
  return h(
    Box,
    { flexDirection: 'column' },
    h(
      Text,
      null,
      h(Text, { bold: true }, 'redis'.padEnd(11)),
      'primary ',
      h(Text, { bold: true, color: down.has(redis.primary) ? 'red' : 'green' }, name(redis.primary)),
      '  replicas ',
      ...(replicas.length > 0 ? replicas : ['none']),
    ),
    h(
      Text,
      null,
      ' '.repeat(11),
      `sentinels ${redis.sentinels}  failovers ${redis.failovers}`,
      f
        ? h(
            Text,
            { color: 'yellow' },
            `  last ${clock(f.atMs)}: ${f.from} -> ${f.to} in ${millis(f.electionMs)}`,
          )
        : null,
    ),
  );
}
