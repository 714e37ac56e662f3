import { healOnSignals } from '@sessionchaos/faults';
import { EXIT } from '../exit-codes.ts';
import { explainJourney } from '../journey/explain-journey.ts';
import { checkOutDir } from './out-dir.ts';
import type { RunInvocation } from './run-invocation.ts';
import { Run } from './run.ts';

export type { RunInvocation } from './run-invocation.ts';

/**
 * Runs a scenario end to end, composing the phases of a {@link Run}: plan, start (the lab or the URL,
 * and the journey walked once), drive (traffic, probes, faults), conclude (heal, check, gate, reports),
 * close (the lab removed). Ctrl-C (or SIGTERM) stops the traffic, heals, writes the reports of what ran
 * and removes the lab.
 */
export async function runScenario(inv: RunInvocation): Promise<number> {
  const log = (line: string): boolean => inv.err.write(`${line}\n`);
  const outProblem = checkOutDir(inv.outDir);
  if (outProblem !== undefined) {
    log(`sessionchaos run: ${outProblem}`);
    return EXIT.usage;
  }
  const run = new Run(inv);
  const unhook = healOnSignals([{ stop: () => run.interrupt() }], log);
  try {
    const started = await run.start({ preflight: true });
    if (!started.ok) {
      if (started.message !== undefined) log(`sessionchaos run: ${started.message}`);
      return started.code;
    }
    if (started.blocked) {
      for (const line of explainJourney(started.blocked, started.url)) log(line);
      log(
        'sessionchaos run: the journey does not work against this target, so no load was sent. ' +
          `Fix it and check it with: sessionchaos journey ${inv.loaded.file}`,
      );
      return EXIT.environment;
    }
    const driven = await run.drive(started.url);
    if (!driven.ok) return driven.code;
    return await run.conclude();
  } finally {
    unhook();
    await run.close();
  }
}
