export * from './images/assemble-image.ts';
export * from './images/node-image.ts';
export * from './images/root-fs.ts';
