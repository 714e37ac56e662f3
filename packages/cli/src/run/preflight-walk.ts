import type { StartedLabCluster } from '@sessionchaos/lab';
import { checkJourney, type JourneyCheck } from '@sessionchaos/traffic';
import type { LoadedScenario } from '../scenario-file.ts';
import { nodeOrigins } from './node-origins.ts';

/** The journey walked once before any load, and whether the run may go on. */
export type PreflightWalk =
  { proceed: true; walk: JourneyCheck; line: string } | { proceed: false; walk: JourneyCheck };

/**
 * Walks the journey once with one user: a run that cannot log anyone in would judge nothing. A walk
 * that failed only because the session did not follow the user between nodes lets the run go on
 * (that is what the run measures: the memory lab's mismatch).
 */
export async function preflightWalk(
  url: string,
  lab: StartedLabCluster | null,
  s: LoadedScenario['scenario'],
): Promise<PreflightWalk> {
  const walk = await checkJourney({ target: url, journey: s.journey });
  if (walk.ok)
    return {
      proceed: true,
      walk,
      line: `journey checked: ${walk.user} logged in and whoami confirmed it (${walk.steps.length} requests)`,
    };
  const why = await sessionsLostBetweenNodes(walk, lab, s);
  if (why === undefined) return { proceed: false, walk };
  return { proceed: true, walk, line: `journey checked: ${why}; the run measures that` };
}

/**
 * When the walk failed through the balancer, whether that is the cluster losing the session between
 * nodes rather than a journey that cannot work: the same walk on one node alone works, or (no node
 * URLs known) the failed walk was served by several nodes. Returns the reason to proceed, or undefined.
 */
async function sessionsLostBetweenNodes(
  walk: JourneyCheck,
  lab: StartedLabCluster | null,
  s: LoadedScenario['scenario'],
): Promise<string | undefined> {
  const origins = await nodeOrigins(lab, s.target.kind === 'url' ? s.target.nodeUrls : []);
  const servedBy = [...new Set(walk.steps.map((x) => x.op.node).filter((n) => n !== undefined))];
  const where = servedBy.length > 0 ? ` (served by ${servedBy.join(', ')})` : '';
  if (origins.length > 0) {
    const alone = await checkJourney({ target: origins[0]!, journey: s.journey });
    if (alone.ok)
      return `the journey works on one node alone (${origins[0]}) but not through the balancer${where}`;
    return undefined;
  }
  if (servedBy.length > 1)
    return `the journey failed across nodes${where}: the session did not follow the user`;
  return undefined;
}
