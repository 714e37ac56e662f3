import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bug } from './bugs.ts';
import type { BrokenTarget } from './broken-target.ts';
import { BROKEN_RUN, BROKEN_TARGET_CHECK } from './broken-run.ts';

/**
 * Writes a scenario file (JSON, which is YAML) for `sessionchaos run --target <target.url>` against
 * the broken target: its node URLs, the run's shape, and, with a bug, an `exec` fault whose command
 * switches the bug on through the admin endpoint and whose heal command switches it off. Its own
 * `url` is a port where nothing listens, so a run that ignored `--target` would end with 69. Returns its path.
 */
export async function writeBrokenScenario(dir: string, target: BrokenTarget, bug?: Bug): Promise<string> {
  const r = BROKEN_RUN;
  const scenario = {
    name: `broken-${bug ?? 'none'}`,
    description: bug
      ? `The broken target with its ${bug} bug on for a while: expect verdict fail with ${bug}.`
      : 'The broken target with no bug on: a correct cluster. Expect verdict pass.',
    target: { url: 'http://127.0.0.1:9', nodes: target.nodeUrls },
    load: { users: r.users, duration: r.durationMs, think: r.thinkMs },
    probes: { every: r.probeEveryMs },
    check: {
      logoutGrace: BROKEN_TARGET_CHECK.logoutGraceMs,
      hotspotWindow: BROKEN_TARGET_CHECK.hotspotWindowMs,
      hotspotMinSamples: BROKEN_TARGET_CHECK.hotspotMinSamples,
    },
    faults: bug
      ? [
          {
            id: `break-${bug}`,
            action: 'exec',
            at: r.bugAtMs,
            duration: r.bugForMs,
            params: { command: target.breakCommand(bug), healCommand: target.healCommand(bug) },
          },
        ]
      : [],
    expect: bug ? { verdict: 'fail', findings: [bug] } : { verdict: 'pass' },
  };
  const file = join(dir, `${scenario.name}.yaml`);
  await writeFile(file, JSON.stringify(scenario, null, 2));
  return file;
}
