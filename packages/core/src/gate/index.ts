export * from './evaluate-gate.ts';
export * from './threshold.ts';
export * from './analyze-run.ts';
