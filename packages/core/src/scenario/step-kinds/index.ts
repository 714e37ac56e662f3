export * from './step-kind.ts';
export * from './builtin-step-kinds.ts';
export * from './step-kind-registry.ts';
export * from './pause-step-kind.ts';
