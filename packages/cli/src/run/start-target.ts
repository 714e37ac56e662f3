import type { LabSpec, StartedLabCluster } from '@sessionchaos/lab';
import { checkTarget } from '@sessionchaos/traffic';
import type { LoadedScenario } from '../scenario-file.ts';

/** A target ready for traffic: its URL, and the lab when the run started one. */
export type StartedTarget =
  { ok: true; url: string; lab: StartedLabCluster | null } | { ok: false; message: string };

/**
 * Starts the scenario's lab (or takes its URL) and asks the target once. `onLab` learns the run id
 * and the start in progress as soon as the lab is being created, so that an interrupt can wait for
 * it and then remove everything (see `removeLab`).
 */
export async function startTarget(
  loaded: LoadedScenario,
  log: (line: string) => void,
  onLab: (
    runId: string,
    lab: StartedLabCluster | null,
    starting?: Promise<StartedLabCluster>,
  ) => void = () => {},
): Promise<StartedTarget> {
  const s = loaded.scenario;
  let url: string;
  let lab: StartedLabCluster | null = null;
  if (s.target.kind === 'lab') {
    // Loaded only for a lab target: a run or journey against a URL needs no Docker client.
    const { LabCluster } = await import('@sessionchaos/lab');
    const cluster = new LabCluster(s.target.lab as unknown as LabSpec, { logger: (l) => log(`  ${l}`) });
    log(`starting the lab: ${cluster.spec.strategy}, ${cluster.spec.nodes} app nodes (run ${cluster.runId})`);
    const starting = cluster.start();
    // An interrupt waits for this to settle before removing the lab: removing it while it is still
    // being created leaves behind whatever is created after the removal.
    onLab(cluster.runId, null, starting);
    try {
      lab = await starting;
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
    onLab(cluster.runId, lab);
    url = lab.url;
    log(`lab ready at ${url}`);
  } else url = s.target.url;
  const reach = await checkTarget(url);
  // The lab, if any, is the caller's to stop (it learnt of it through onLab), on failure too.
  if (!reach.ok) return { ok: false, message: reach.message };
  return { ok: true, url, lab };
}

/** Removes a lab by its run id when it was still being created; resolves with the number of containers removed. */
export async function removeLab(runId: string): Promise<number> {
  return (await import('@sessionchaos/lab')).removeLab(runId);
}
