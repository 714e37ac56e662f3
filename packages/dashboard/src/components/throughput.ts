import { Box, Text } from 'ink';
import React from 'react';
import { millis, sparkline } from '../format.ts';
import type { SecondView } from '../snapshot.ts';

const h = React.createElement;

/** Seconds a sparkline shows. */
export const SPARK_WIDTH = 60;

/** Props of {@link Throughput}. */
export interface ThroughputProps {
  seconds: readonly SecondView[];
  rps: number;
  latency: { p50: number; p99: number };
}

function row(label: string, value: string, values: number[], color: string): React.ReactElement {
  return h(
    Text,
    null,
    h(Text, { bold: true }, label.padEnd(11)),
    value.padStart(10),
    '  ',
    h(Text, { color }, sparkline(values, SPARK_WIDTH)),
  );
}

/** Requests per second and latency p50/p99, each as a value and a sparkline of the last minute. */
export function Throughput({ seconds, rps, latency }: ThroughputProps): React.ReactElement {
  return h(
    Box,
    { flexDirection: 'column' },
    row(
      'throughput',
      `${Math.round(rps)} rps`,
      seconds.map((s) => s.requests),
      'green',
    ),
    row(
      'p50',
      millis(latency.p50),
      seconds.map((s) => s.p50),
      'cyan',
    ),
    row(
      'p99',
      millis(latency.p99),
      seconds.map((s) => s.p99),
      'magenta',
    ),
  );
}
