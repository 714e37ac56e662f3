export * from './history/op.ts';
export * from './labels.ts';
