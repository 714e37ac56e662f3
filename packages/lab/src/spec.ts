// `@sessionchaos/lab/spec`: the lab spec's types and checks alone, without Docker or testcontainers, so that
// `sessionchaos validate` checks a lab scenario without loading the machinery that starts a lab.
export * from './cluster/lab-spec.ts';
export * from './images/image-modes.ts';
