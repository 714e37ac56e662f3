// Replays a saved run (history.ndjson, with run.json beside it when there is one) through the live
// dashboard at a chosen speed: for screenshots, the tmux test, and trying the panels without a lab.
//
//   node --conditions=@sessionchaos/source packages/dashboard/demo/replay.ts <dir|history.ndjson> [--speed 4]
//
// Findings come from core's checkers fed as the ops replay, exactly as `sessionchaos run` feeds them.
// Without a terminal it prints progress lines instead, like a run in CI.
import {
  isFaultOp,
  NdjsonDecoder,
  RunAnalyzer,
  type CheckOptions,
  type Op,
  type Threshold,
} from '@sessionchaos/core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLiveReporter, type LiveRunInfo, type PlannedFaultInfo } from '../src/index.ts';

const TICK_MS = 25;

interface RunJson {
  scenario?: { name?: string };
  target?: { url?: string; strategy?: string | null };
  seed?: number;
  durationMs?: number;
  thresholds?: Threshold[];
  checkOptions?: CheckOptions;
  nodes?: string[];
}

function usage(message: string): never {
  process.stderr.write(
    `replay: ${message}\nusage: replay.ts <report dir | history.ndjson> [--speed N] [--redis primary,replica,...] [--no-dashboard]\n`,
  );
  process.exit(64);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { speed: { type: 'string' }, redis: { type: 'string' }, 'no-dashboard': { type: 'boolean' } },
});
const input = positionals[0] ?? usage('no history given');
if (!existsSync(input)) usage(`${input} does not exist - give a report directory or its history.ndjson`);
const historyFile = statSync(input).isDirectory() ? join(input, 'history.ndjson') : input;
if (!existsSync(historyFile)) usage(`${historyFile} does not exist - was the run written with --out?`);
const speed = Number(values.speed ?? '1');
if (!(speed > 0)) usage(`--speed must be a positive number, not "${values.speed}"`);

const decoder = new NdjsonDecoder();
const ops: Op[] = [...decoder.feed(readFileSync(historyFile, 'utf8')), ...decoder.end()];
ops.sort((a, b) => a.time - b.time);
const runFile = join(dirname(historyFile), 'run.json');
const run: RunJson = existsSync(runFile) ? (JSON.parse(readFileSync(runFile, 'utf8')) as RunJson) : {};

// Scheduled faults show as upcoming: their windows are read back from the history itself.
const planned = new Map<string, PlannedFaultInfo>();
for (const op of ops) {
  if (!isFaultOp(op) || op.fault.startsWith('key-')) continue;
  const p = planned.get(op.fault);
  if (!p && op.action !== 'heal')
    planned.set(op.fault, {
      key: op.fault,
      action: op.action,
      target: op.target ?? 'unknown',
      startMs: op.time,
      endMs: op.time,
    });
  else if (p) p.endMs = op.time;
}
const [primary, ...replicas] = values.redis ? values.redis.split(',') : [];
const lastMs = ops.at(-1)?.time ?? 0;
const info: LiveRunInfo = {
  scenario: `${run.scenario?.name ?? 'replay'} (replay x${speed})`,
  target: run.target?.url ?? historyFile,
  strategy: run.target?.strategy ?? null,
  seed: run.seed ?? 0,
  durationMs: run.durationMs ?? lastMs,
  nodes: run.nodes ?? [],
  redis: primary ? { primary, replicas, sentinels: 0 } : null,
  plannedFaults: [...planned.values()],
  interactive: false,
};

const t0 = performance.now();
const now = (): number => (performance.now() - t0) * speed;
let quit = false;
const live = createLiveReporter({
  stdout: process.stdout,
  stdin: process.stdin,
  now,
  dashboard: values['no-dashboard'] !== true,
  controls: {
    command: (c) => {
      if (c === 'quit') quit = true;
      else live.notice(`replay: "${c}" changes nothing in a recorded run`);
    },
  },
});
const analyzer = new RunAnalyzer(run.checkOptions ?? {}, undefined, (kind, time, count, vu) =>
  live.finding(kind, time, count, vu),
);
live.start(info);
let next = 0;
await new Promise<void>((resolve) => {
  const tick = (): void => {
    const clock = now();
    while (next < ops.length && (ops[next]?.time ?? 0) <= clock) {
      const op = ops[next++] as Op;
      analyzer.feed(op);
      live.add(op);
    }
    if (quit || (next >= ops.length && clock >= info.durationMs)) resolve();
    else setTimeout(tick, TICK_MS);
  };
  tick();
});
const analysis = analyzer.finish(run.thresholds, info.durationMs);
const lines = [
  `verdict ${analysis.gate.verdict}: ${analysis.check.findings.map((f) => `${f.kind} ${f.count}`).join(', ') || 'no findings'}`,
];
await live.stop({ verdict: analysis.gate.verdict, lines });
for (const line of lines) process.stdout.write(`${line}\n`);
process.exit(0);
