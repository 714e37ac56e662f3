export * from './docker-driver.ts';
export * from './exec-driver.ts';
export * from './fault-driver.ts';
export * from './fault-runner.ts';
export * from './heal-journal.ts';
export * from './run-command.ts';
export * from './heal-leftovers.ts';
export * from './redis-driver.ts';
