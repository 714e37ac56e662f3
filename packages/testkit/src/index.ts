export * from './docker.ts';
export * from './cli-output.ts';
export * from './working-target.ts';
