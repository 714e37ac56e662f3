export * from './journey.ts';
export * from './load.ts';
export * from './location.ts';
export * from './spec-error.ts';
export * from './template.ts';
export * from './validate-journey.ts';
