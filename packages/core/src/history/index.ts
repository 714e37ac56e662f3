export * from './completion-type.ts';
export * from './ndjson.ts';
export * from './op-builders.ts';
export * from './op.ts';
export * from './pairing.ts';
