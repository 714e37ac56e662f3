export * from './evaluate-gate.ts';
export * from './threshold.ts';
