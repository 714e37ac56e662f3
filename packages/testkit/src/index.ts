export * from './docker.ts';
export * from './cli-output.ts';
