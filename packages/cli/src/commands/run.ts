import { randomInt } from 'node:crypto';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  formatDuration,
  formatScenarioError,
  parseDuration,
  parseShard,
  type Shard,
  type ScenarioOverrides,
} from '@sessionchaos/core';
import { describePlan } from '@sessionchaos/faults';
import { EXIT } from '../exit-codes.ts';
import { outForShard, shardFromJobIndex } from '../k8s/job-shard.ts';
import { dryRunVictims } from '../run/lab-victims.ts';
import { planRun } from '../run/run-plan.ts';
import { runScenario } from '../run/run-scenario.ts';
import { loadScenario, type LoadedScenario } from '../scenario-file.ts';

const USAGE = `usage: sessionchaos run <scenario> [options]

  --target URL       run against this URL instead of the scenario's target (the lab is not started)
  --out DIR          where the reports go (default reports/<scenario>-<time>); {shard} in it is the shard's K
  --seed N           seed for every random choice (default: the scenario's, else random; printed)
  --users N          virtual users (closed model) or the most at once (open model)
  --duration D       length of the traffic (30s, 2m, 1500ms)
  --no-dashboard     plain progress lines even in a terminal (automatic without one)
  --dry-run          print the plan and the victims the seed picks; touch nothing
  --allow-exec       let the scenario's exec hooks run shell commands
  --allow-external   let faults touch containers the project did not start
  --keep-lab         leave the lab running afterwards
  --shard K/N        run shard K of N: a disjoint part of the users (their ids stay global); only
                     shard 1 runs the faults and probes. Merge the shards with sessionchaos merge.
                     --shard index/N: K is JOB_COMPLETION_INDEX + 1 (a Kubernetes Indexed Job's pod)
  --start-at TIME    start the traffic at this instant (ISO time), so every shard starts together
                     (at most 1 s in the past; merge names a shard that started later than it)
`;

const OPTIONS = {
  target: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  users: { type: 'string' },
  duration: { type: 'string' },
  'no-dashboard': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'allow-exec': { type: 'boolean' },
  'allow-external': { type: 'boolean' },
  'keep-lab': { type: 'boolean' },
  shard: { type: 'string' },
  'start-at': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Where the process's terminal is; tests pass streams that are not one. */
export interface Terminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

/** How far in the past `--start-at` may be: a clock read twice, not a shard already late. */
const START_AT_PAST_MS = 1_000;

/** `3.2 s` or `1 h 0 min`: how far an instant is, in words a person reads at once. */
function pastWords(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}

function timestamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

function dryRun(loaded: LoadedScenario, seed: number, out: Writable): number {
  const s = loaded.scenario;
  // The plan phase of a run, and nothing after it.
  const plan = planRun(loaded).faults;
  const nodes = loaded.lab?.nodes ?? 0;
  const victims = new Map<string, readonly string[]>();
  for (const p of plan) {
    const v = dryRunVictims(p.spec, p, seed, nodes);
    if (v) victims.set(p.key, v);
  }
  const target = s.target.kind === 'lab' ? `the lab: ${JSON.stringify(loaded.lab)}` : s.target.url;
  const load =
    s.load.model === 'closed'
      ? `${s.load.vus} users (closed)`
      : `${s.load.ratePerSec}/s, at most ${s.load.maxVus} users (open)`;
  out.write(
    `dry run of ${s.name} (seed ${seed}): nothing is started\n` +
      `  target: ${target}\n  load: ${load} for ${s.load.durationMs !== undefined ? formatDuration(s.load.durationMs) : 'the iterations'}\n` +
      `  probes: ${s.probeEveryMs === null ? 'off' : `every ${formatDuration(s.probeEveryMs)}`}\n` +
      `  faults (${plan.length}):\n${
        describePlan(plan, victims)
          .map((l) => `    ${l}\n`)
          .join('') || '    none\n'
      }` +
      `  gate: ${s.thresholds.length} threshold(s)\n`,
  );
  return EXIT.pass;
}

/** `sessionchaos run <scenario>`: resolves with the exit code of ARCHITECTURE.md. */
export async function runCommand(
  argv: string[],
  out: Writable,
  err: Writable,
  terminal?: Terminal,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    err.write(`sessionchaos run: ${(error as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  const v = parsed.values;
  if (v.help) {
    out.write(USAGE);
    return EXIT.pass;
  }
  const [file, ...extra] = parsed.positionals;
  const problems: string[] = [];
  if (file === undefined)
    problems.push('name a scenario file, e.g. sessionchaos run scenarios/sticky-busiest-killed.yaml');
  if (extra.length > 0) problems.push(`one scenario at a time (also got ${extra.join(', ')})`);
  const overrides: ScenarioOverrides = {};
  if (v.target !== undefined) overrides.target = v.target;
  if (v.seed !== undefined) {
    if (/^\d+$/.test(v.seed)) overrides.seed = Number(v.seed);
    else problems.push(`--seed "${v.seed}" must be a whole number >= 0`);
  }
  if (v.users !== undefined) {
    if (/^[1-9]\d*$/.test(v.users)) overrides.users = Number(v.users);
    else problems.push(`--users "${v.users}" must be a whole number >= 1`);
  }
  if (v.duration !== undefined) {
    const d = parseDuration(v.duration);
    if (typeof d === 'number' && d > 0) overrides.durationMs = d;
    else problems.push(`--duration "${v.duration}" is not a duration: write 30s, 2m or 1500ms`);
  }
  let shard: Shard | undefined;
  if (v.shard !== undefined) {
    const text = shardFromJobIndex(v.shard, process.env);
    const r = typeof text === 'string' ? parseShard(text) : text;
    if ('error' in r) problems.push(r.error);
    else shard = r;
  }
  const outDir = v.out === undefined ? undefined : outForShard(v.out, shard?.index);
  if (typeof outDir === 'object') problems.push(outDir.error);
  let startAt: number | undefined;
  if (v['start-at'] !== undefined) {
    startAt = Date.parse(v['start-at']);
    if (!Number.isFinite(startAt) || !/\d{4}-\d\d-\d\dT/.test(v['start-at']))
      problems.push(`--start-at "${v['start-at']}" must be an ISO time such as 2026-11-29T20:00:00Z`);
    else if (startAt > Date.now() + 24 * 3_600_000)
      problems.push(
        `--start-at "${v['start-at']}" is more than a day away: give the instant the shards start`,
      );
    // A start already past would make this shard late against the others, silently: refused.
    else if (startAt < Date.now() - START_AT_PAST_MS)
      problems.push(
        `--start-at "${v['start-at']}" is ${pastWords(Date.now() - startAt)} in the past: this shard ` +
          'would start late against the others. Agree on an instant ahead (enough for every shard to load, ' +
          'e.g. a minute from now) and start every shard with it',
      );
  }
  if (problems.length > 0) {
    for (const p of problems) err.write(`sessionchaos run: ${p}\n`);
    err.write(USAGE);
    return EXIT.usage;
  }
  const allowed = { exec: v['allow-exec'] === true, external: v['allow-external'] === true };
  const r = await loadScenario(file!, overrides, allowed);
  if (!r.ok) {
    for (const e of r.errors) err.write(`${formatScenarioError(e)}\n`);
    err.write(`sessionchaos run: ${r.errors.length} problem(s) in the scenario; nothing was run.\n`);
    return EXIT.usage;
  }
  const s = r.loaded.scenario;
  if (shard && s.seed === undefined) {
    // Each shard must make the same seeded choices (users' decisions, victims) as the others.
    err.write(
      'sessionchaos run: a sharded run needs one seed for every shard: pass the same --seed N to each (or set seed in the scenario).\n',
    );
    return EXIT.usage;
  }
  const seed = s.seed ?? randomInt(0, 2 ** 31);
  if (v['dry-run']) return dryRun(r.loaded, seed, out);
  const term = terminal ?? { stdin: process.stdin, stdout: process.stdout };
  return runScenario({
    loaded: r.loaded,
    seed,
    outDir: typeof outDir === 'string' ? outDir : `reports/${s.name}-${timestamp()}`,
    dashboard: v['no-dashboard'] !== true,
    keepLab: v['keep-lab'] === true,
    ...(shard ? { shard } : {}),
    ...(startAt !== undefined ? { startAt } : {}),
    stdin: term.stdin,
    stdout: term.stdout,
    out,
    err,
  });
}
