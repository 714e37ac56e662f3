export * from './docker.ts';
