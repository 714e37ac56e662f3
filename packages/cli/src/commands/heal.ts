import type { Writable } from 'node:stream';
import {
  DockerDriver,
  ExecDriver,
  RedisDriver,
  defaultJournalDir,
  healLeftovers,
  readPendingUndos,
  unpauseProjectContainers,
  type FaultDriver,
} from '@sessionchaos/faults';
import { EXIT } from '../exit-codes.ts';

const NO_ENGINE =
  'no Docker engine answered. Start one (dockerd, or `bash scripts/setup.sh`) or set DOCKER_HOST, then run `sessionchaos heal` again.';

/**
 * `sessionchaos heal [--journal DIR] [--allow-exec]`: restores what crashed runs left behind. Replays
 * every undo step left in the heal journals of runs that no longer run (start killed containers,
 * unpause, reconnect partitioned ones, remove link faults, restore capped CPU, and with --allow-exec run exec heal
 * hooks), then unpauses any paused container with the project's label that no live run holds.
 * Exits 1 when a step failed, else 0: shell hooks left unrun (no --allow-exec) are named, with the fix, and
 * stay in their journal; heal did all it was allowed to.
 */
export async function healCommand(argv: string[], out: Writable, err: Writable): Promise<number> {
  let dir = defaultJournalDir();
  let allowExec = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--journal' && argv[i + 1]) dir = argv[++i]!;
    else if (argv[i] === '--allow-exec') allowExec = true;
    else {
      err.write(
        `sessionchaos heal: unknown option "${argv[i]}". Valid options: --journal DIR, --allow-exec\n`,
      );
      return EXIT.usage;
    }
  }
  const pending = readPendingUndos(dir);
  const needsDocker = pending.some((p) => p.step.kind !== 'exec');
  const drivers: FaultDriver[] = [new ExecDriver()];
  let engine = true;
  try {
    const docker = new DockerDriver();
    const redis = new RedisDriver({ masterName: '', servers: [], sentinels: [] });
    await Promise.all([docker.setup(), redis.setup()]);
    drivers.push(docker, redis);
  } catch {
    engine = false;
    if (needsDocker) {
      err.write(
        `sessionchaos heal: ${pending.length} fault(s) wait to be healed in ${dir}, but ${NO_ENGINE}\n`,
      );
      return EXIT.environment;
    }
  }
  const outcomes = await healLeftovers(drivers, dir, { allowExec });
  for (const o of outcomes) {
    const what = o.skipped === 'live-run' ? 'skipped' : o.skipped ? 'NOT RUN' : o.ok ? 'healed' : 'FAILED';
    out.write(`${what} ${o.runId}${o.key === '*' ? '' : ` ${o.key}`}: ${o.message}\n`);
  }
  const liveRuns = new Set(outcomes.filter((o) => o.skipped === 'live-run').map((o) => o.runId));
  const unpaused = engine ? await unpauseProjectContainers(liveRuns) : [];
  for (const name of unpaused) out.write(`unpaused ${name} (paused, with no journal entry)\n`);
  if (outcomes.length === 0 && unpaused.length === 0) out.write('nothing to heal\n');
  const notAllowed = outcomes.filter((o) => o.skipped === 'exec-not-allowed').length;
  const failed = outcomes.filter((o) => !o.ok && o.skipped === undefined).length;
  if (failed > 0) {
    err.write(
      `sessionchaos heal: ${failed} step(s) failed and stay in ${dir}; fix the cause and run it again.\n`,
    );
    return EXIT.fail;
  }
  if (notAllowed > 0) {
    // Not bad usage (64), and no failure: heal did all it was allowed to. The hooks are named (NOT RUN
    // above) with the fix, and stay in the journal for a later `heal --allow-exec` (issue 25).
    err.write(
      `sessionchaos heal: healed what it could, but ${notAllowed} shell heal hook(s) were not run and stay in ${dir} (listed above as NOT RUN); if you trust them, run sessionchaos heal --allow-exec.\n`,
    );
  }
  return EXIT.pass;
}
