export * from './shard.ts';
export * from './merge-histories.ts';
