export * from './lab-strategy.ts';
export * from './builtin-strategies.ts';
export * from './lab-strategy-registry.ts';
export * from './postgres-strategy.ts';
