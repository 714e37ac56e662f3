export * from './latency-histogram.ts';
export * from './run-metrics.ts';
export * from './second-series.ts';
export * from './scope-metrics.ts';
