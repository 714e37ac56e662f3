export { App, type AppProps } from './components/app.ts';
export { createLiveReporter, type LiveReporterOptions } from './create-live-reporter.ts';
export {
  DASHBOARD_COMMANDS,
  KEY_BINDINGS,
  type DashboardCommand,
  type KeyBinding,
} from './dashboard-commands.ts';
export { createDashboard, type DashboardOptions } from './dashboard-reporter.ts';
export { LiveState } from './live-state.ts';
export type {
  LiveControls,
  LiveFinal,
  LiveReporter,
  LiveRunInfo,
  PlannedFaultInfo,
} from './live-reporter.ts';
export { createProgressReporter, type ProgressOptions } from './progress-reporter.ts';
export type * from './snapshot.ts';
