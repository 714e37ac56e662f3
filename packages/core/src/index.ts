export * from './history/index.ts';
export * from './labels.ts';
export * from './scenario/index.ts';
export * from './faults/index.ts';
export * from './checkers/index.ts';
export * from './gate/index.ts';
export * from './metrics/index.ts';
export * from './seeded-random.ts';
