export * from './evaluate-gate.ts';
export * from './threshold.ts';
export * from './analyze-run.ts';
export * from './coverage.ts';
export * from './judge-coverage.ts';
export * from './coverage-words.ts';
export * from './fault-coverage.ts';
export * from './interruption.ts';
