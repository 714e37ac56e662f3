import { Text } from 'ink';
import React from 'react';
import { count, percent } from '../format.ts';
import type { StatusMix } from '../snapshot.ts';

const h = React.createElement;

const CLASSES: { key: keyof StatusMix; label: string; color: string }[] = [
  { key: '2xx', label: '2xx', color: 'green' },
  { key: '3xx', label: '3xx', color: 'blue' },
  { key: '4xx', label: '4xx', color: 'yellow' },
  { key: '5xx', label: '5xx', color: 'red' },
  { key: 'error', label: 'errors', color: 'red' },
];

/** Props of {@link StatusMixPanel}. */
export interface StatusMixProps {
  /** The last ~10 s. */
  recent: StatusMix;
  total: StatusMix;
}

function sum(m: StatusMix): number {
  return m['2xx'] + m['3xx'] + m['4xx'] + m['5xx'] + m.error;
}

/** The status class mix of the last ~10 s, with the run's totals. */
export function StatusMixPanel({ recent, total }: StatusMixProps): React.ReactElement {
  const n = sum(recent);
  const cells = CLASSES.map(({ key, label, color }) => {
    const share = n === 0 ? 0 : recent[key] / n;
    const dim = recent[key] === 0 && key !== '2xx';
    return h(Text, { key, color: dim ? 'gray' : color }, `${label} ${percent(share)}  `);
  });
  const errors = total['5xx'] + total.error;
  return h(
    Text,
    null,
    h(Text, { bold: true }, 'status'.padEnd(11)),
    ...cells,
    h(Text, { color: 'gray' }, `(10 s)  run: ${count(sum(total))} req, ${count(errors)} 5xx/errors`),
  );
}
