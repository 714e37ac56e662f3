export * from './fault-spec.ts';
export * from './plan-schedule.ts';
export * from './select-victims.ts';
export * from './validate-faults.ts';
export * from './container-node.ts';
export * from './compose-target.ts';
