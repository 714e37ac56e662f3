import { createDashboard } from './dashboard-reporter.ts';
import type { LiveControls, LiveReporter } from './live-reporter.ts';
import { createProgressReporter } from './progress-reporter.ts';

/** What {@link createLiveReporter} needs. */
export interface LiveReporterOptions {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  controls: LiveControls;
  /** Run time in ms. */
  now: () => number;
  /** `false` forces progress lines (`--no-dashboard`). */
  dashboard?: boolean;
}

/** The dashboard when both stdout and stdin are terminals (and it is not turned off), else progress lines on stdout. */
export function createLiveReporter(o: LiveReporterOptions): LiveReporter {
  if (o.dashboard !== false && o.stdout.isTTY === true && o.stdin.isTTY === true) return createDashboard(o);
  return createProgressReporter({ write: (line) => o.stdout.write(`${line}\n`), now: o.now });
}
